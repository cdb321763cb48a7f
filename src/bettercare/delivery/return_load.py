"""Loading quarterly return workbooks sent to the national team: each file is checked against the
HWB's plan and loaded all or nothing, as the HWB's submitted return for the quarter.

Rules (each broken rule is reported with file, sheet and cell, and nothing of that file is kept):
- only the national BCF team loads returns; the role is checked before any file is read;
- Cover: the GSS code is an HWB's, and the quarter is the one being collected; the HWB has a plan
  covering it (``workflow.plan_for``) and no return already signed off for the quarter (a submitted
  one needs a resubmission; one ready for sign-off or approved in bettercare is finished there);
- National conditions: every condition of the plan's period answered Yes or No, once; a No explained;
- Metrics: every code a metric of the plan; a status, when given, one of the return's statuses
  (``rules.metric_statuses``), blank accepting the status bettercare proposes now (the "Proposed
  status" column is the proposal when the workbook was exported); any other status needs a reason;
- HICM: every change a change of the plan's model; maturity levels of that model (title or id);
  a RAG one of ``rules.hicm_ratings``;
- Narrative: achievements and challenges written.
A file that passes becomes the latest draft's content (a draft started in bettercare is filled, its
earlier values kept in its history) and is then submitted: its snapshot is assembled as for any
return, ``loaded_from`` names the file, and the loader is its author and submitter."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from bettercare.accounts.access import is_national
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import long_date
from bettercare.plans.locking import create_or_update_versioned
from bettercare.plans.models import Plan
from bettercare.reference.models import Area

from . import hicm as hicm_service
from .assembly import assemble
from .conditions import conditions_of
from .models import ConditionConfirmation, HicmAssessment, QuarterlyReturn
from .return_file import Cell, Problem, ReturnFile, read_return_file
from .rules import hicm_ratings, metric_statuses
from .upload_files import read_upload
from .workflow import plan_for, readiness_problems, refresh_proposals

READINESS_SHEETS = {"confirmed": "National conditions", "narrative": "National conditions", "reason": "Metrics",
                    "achievements": "Narrative", "challenges": "Narrative"}


class _Refused(Exception):
    """Raised inside a file's transaction so that nothing of the file is kept."""


@dataclass
class FileOutcome:
    name: str
    problems: list[Problem] = field(default_factory=list)
    area: Area | None = None
    ret: QuarterlyReturn | None = None

    @property
    def loaded(self) -> bool:
        return self.ret is not None and not self.problems


@dataclass
class UploadReport:
    quarter: Quarter
    upload: str
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def loaded(self) -> list[FileOutcome]:
        return [f for f in self.files if f.loaded]

    @property
    def refused(self) -> list[FileOutcome]:
        return [f for f in self.files if not f.loaded]


def ensure_may_collect(user) -> None:
    """Raise PermissionDenied unless ``user`` is on the national team (checked before reading files)."""
    if not is_national(user):
        raise PermissionDenied("Only the national BCF team loads HWBs' returns.")


def _area(parsed: ReturnFile, quarter: Quarter) -> tuple[Area | None, Plan | None]:
    code = parsed.gss_code.text if parsed.gss_code else ""
    area = Area.objects.filter(gss_code=code).first() if code else None
    if area is None:
        parsed.problem(parsed.gss_code, f"No HWB has the GSS code {code!r}." if code else "The GSS code is empty.")
    stated = parsed.quarter.text if parsed.quarter else ""
    if stated != str(quarter):
        parsed.problem(parsed.quarter, f"The workbook is for {stated or 'no quarter'}; this upload collects {quarter}.")
        return area, None
    if area is None:
        return None, None
    try:
        return area, plan_for(area, quarter)
    except ValidationError as error:
        parsed.problem(parsed.quarter, " ".join(error.messages))
        return area, None


def _signed_off(parsed: ReturnFile, area: Area, quarter: Quarter) -> QuarterlyReturn | None:
    """The latest draft (None when none); a signed-off latest return is a problem."""
    latest = QuarterlyReturn.objects.filter(area=area, quarter=str(quarter)).order_by("-revision").first()
    if latest is None or latest.status == "draft":
        return latest
    if latest.status == "submitted":
        when = long_date(timezone.localtime(latest.submitted_at).date()) if latest.submitted_at else "an earlier date"
        rule = (f"{area.name} already submitted version {latest.revision} of this return on {when}; a correction "
                "needs a resubmission with a reason (on the HWB's return page).")
    else:
        rule = (f"{area.name}'s return is {latest.get_status_display().lower()} in bettercare; finish it there or "
                "return it to draft first.")
    parsed.problem(parsed.quarter, rule)
    return None


def _yes_no(cell: Cell) -> bool | None:
    return {"yes": True, "no": False}.get(cell.text.lower())


def _conditions(parsed: ReturnFile, plan: Plan) -> list[tuple]:
    by_number = {str(c.number): c for c in conditions_of(plan)}
    seen, rows = set(), []
    for row in parsed.conditions:
        number = row["Number"].text.removesuffix(".0")
        condition = by_number.get(number)
        if condition is None:
            parsed.problem(row["Number"], f"{plan.period.code} has no national condition {number}.")
            continue
        if number in seen:
            parsed.problem(row["Number"], f"National condition {number} is answered twice.")
            continue
        seen.add(number)
        answer = _yes_no(row["Answer"])
        if answer is None:
            parsed.problem(row["Answer"], f"Answer Yes or No for national condition {number} "
                                          f"(found {row['Answer'].text or 'nothing'}).")
        elif answer is False and not row["Narrative"].text:
            parsed.problem(row["Narrative"], f"Explain why national condition {number} is not met and what is "
                                             "being done.")
        rows.append((condition, answer, row["Narrative"].text))
    for number, condition in by_number.items():
        if number not in seen:
            parsed.problem(None, f"National condition {number} ({condition.title}) has no row.", "National conditions")
    return rows


def _hicm(parsed: ReturnFile, plan: Plan) -> list[tuple]:
    model = hicm_service.model_for(plan)
    if model is None or not parsed.hicm:
        return []
    changes = {str(c.number): c for c in model.changes.all()}
    levels = {}
    for level in model.maturity_levels:
        levels[level["id"].lower()] = levels[level["title"].lower()] = level["id"]
    ratings = {r.lower(): r for r in hicm_ratings()}
    rows = []
    for row in parsed.hicm:
        number = row["Change"].text.removesuffix(".0")
        change = changes.get(number)
        if change is None:
            parsed.problem(row["Change"], f"The {model.code} model has no change {number}.")
            continue
        values = {}
        for heading, name in (("Maturity", "maturity"), ("Planned next quarter", "planned_maturity")):
            text = row[heading].text
            values[name] = levels.get(text.lower(), "") if text else ""
            if text and not values[name]:
                parsed.problem(row[heading], f"{text!r} is not a maturity level of the {model.code} model "
                                             f"({', '.join(level['title'] for level in hicm_service.levels(model))}).")
        rag = row["RAG"].text
        values["rag"] = ratings.get(rag.lower(), "") if rag else ""
        if rag and not values["rag"]:
            parsed.problem(row["RAG"], f"Give a RAG rating: {', '.join(hicm_ratings())}.")
        values["narrative"] = row["Narrative"].text
        rows.append((change, values))
    return rows


def _metric_choices(parsed: ReturnFile, ret: QuarterlyReturn) -> list[tuple]:
    stored = {row.metric.code: row for row in ret.metric_statuses.select_related("metric")}
    allowed = {s.lower(): s for s in metric_statuses()}
    choices = []
    for row in parsed.metrics:
        code = row["Code"].text
        current = stored.get(code)
        if current is None:
            parsed.problem(row["Code"], f"{code!r} is not a metric of {ret.plan.period.code} for {ret.area.name}.")
            continue
        chosen_text = row["Chosen status"].text
        chosen = allowed.get(chosen_text.lower(), "") if chosen_text else ""
        if chosen_text and not chosen:
            parsed.problem(row["Chosen status"], f"Choose one of: {', '.join(metric_statuses())}.")
            continue
        effective = chosen or current.proposed_status
        reason = row["Reason for change"].text
        if effective != current.proposed_status and not reason:
            parsed.problem(row["Reason for change"], f"Give a reason for the status {effective!r} of "
                                                     f"{current.metric.title}: bettercare proposes "
                                                     f"{current.proposed_status!r}.")
        chosen = "" if effective == current.proposed_status else effective
        choices.append((current, chosen, reason if chosen else ""))
    return choices


def _narrative(parsed: ReturnFile) -> dict[str, str]:
    values = {key: cell.text for key, cell in parsed.narrative.items()}
    for key, label in (("achievements", "Achievements"), ("challenges", "Challenges")):
        if not values.get(key):
            parsed.problem(parsed.narrative.get(key), f"Describe the {label.lower()} this quarter.", "Narrative")
    return {key: values.get(key, "") for key in ("achievements", "challenges", "support_needed")}


def _write(user, parsed: ReturnFile, area: Area, plan: Plan, quarter: Quarter,
           draft: QuarterlyReturn | None) -> QuarterlyReturn:
    now = timezone.now()
    source = f"Loaded from {parsed.name} by {user.get_username()} on {long_date(timezone.localdate())}"
    ret = draft or QuarterlyReturn(area=area, plan=plan, quarter=str(quarter), created_by=user)
    ret.loaded_from = parsed.name[:255]
    ret._history_user = user
    ret.save()
    refresh_proposals(ret, user)
    for condition, answer, narrative in _conditions(parsed, ret.plan):
        keys = {"plan": ret.plan, "condition": condition, "quarter": str(quarter)}
        existing = ConditionConfirmation.objects.filter(**keys).first()
        create_or_update_versioned(ConditionConfirmation, keys, existing.version if existing else 0,
                                   {"confirmed": answer, "narrative": narrative, "source": source}, user,
                                   f"confirmation of national condition {condition.number}")
    for change, values in _hicm(parsed, ret.plan):
        keys = {"plan": ret.plan, "change": change, "quarter": str(quarter)}
        existing = HicmAssessment.objects.filter(**keys).first()
        create_or_update_versioned(HicmAssessment, keys, existing.version if existing else 0,
                                   {**values, "source": source}, user,
                                   f"HICM self-assessment of change {change.number}")
    for row, chosen, reason in _metric_choices(parsed, ret):
        if (row.chosen_status, row.override_reason) != (chosen, reason):
            row.chosen_status, row.override_reason, row._history_user = chosen, reason, user
            row.save()
    for key, value in _narrative(parsed).items():
        setattr(ret, key, value)
    if parsed.problems:
        raise _Refused
    for key, message in readiness_problems(ret).items():
        parsed.problem(None, message, READINESS_SHEETS.get(key.split("-")[0], "Cover"))
    if parsed.problems:
        raise _Refused
    ret.status, ret.submitted_by, ret.submitted_at = "submitted", user, now
    ret.snapshot = assemble(ret)
    ret.snapshot.update(status="submitted", submitted_by=user.get_username(), submitted_at=now.isoformat(),
                        loaded_from=ret.loaded_from)
    ret.save()
    return ret


def load_return_file(user, quarter: Quarter, name: str, content: bytes) -> FileOutcome:
    """Check one workbook and load it all or nothing (see the module docstring)."""
    ensure_may_collect(user)
    parsed = read_return_file(name, content)
    outcome = FileOutcome(name, parsed.problems)
    if parsed.problems:
        return outcome
    area, plan = _area(parsed, quarter)
    outcome.area = area
    if area is None or plan is None:
        return outcome
    try:
        with transaction.atomic():
            draft = _signed_off(parsed, area, quarter)
            if parsed.problems:
                raise _Refused
            outcome.ret = _write(user, parsed, area, plan, quarter, draft)
    except _Refused:
        outcome.ret = None
    except (ValidationError, DatabaseError) as error:
        outcome.ret = None
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        parsed.problem(None, "The return could not be saved: " + " ".join(messages))
    return outcome


def upload_returns(user, quarter: Quarter, upload_name: str, content: bytes) -> UploadReport:
    """Load every workbook of one upload (an .xlsx or a .zip of them); raises ``UploadRefused`` when
    the upload as a whole is refused, PermissionDenied for anyone but the national team."""
    ensure_may_collect(user)
    report = UploadReport(quarter, upload_name)
    for item in read_upload(upload_name, content):
        if item.problem:
            report.files.append(FileOutcome(item.name, [Problem(item.name, "", "", item.problem)]))
            continue
        report.files.append(load_return_file(user, quarter, item.name, item.content))
    return report
