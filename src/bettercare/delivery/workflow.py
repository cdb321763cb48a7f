"""The quarterly return workflow: every rule about who may move a return where, in one place.

    draft --ready--> ready for sign-off --approve--> approved --submit--> submitted
      ^                 |                               |
      +----reopen-------+          +----withdraw--------+ (back to draft)

| action   | from      | to        | role needed for the HWB |
|----------|-----------|-----------|-------------------------|
| ready    | draft     | ready     | editor (or approver)    |
| reopen   | ready     | draft     | editor (or approver)    |
| approve  | ready     | approved  | approver                |
| withdraw | approved  | draft     | approver                |
| submit   | approved  | submitted | editor (or approver)    |
| resubmit | submitted | new draft revision, with a reason | editor (or approver) |

Rules: viewers and the national team change nothing; only the latest revision of a quarter moves;
a return is marked ready only when complete (every national condition answered and a No explained,
achievements and challenges written, every metric override explained); approval stores the
assembled figures as the return's snapshot, which submission keeps: later changes to plan or metric
data do not alter what was signed off; a submitted return never changes (a resubmission is a new
revision with a reason, and both stay viewable). Separation of duties (setting
``SEPARATION_OF_DUTIES``, default on): the person who prepared a return (marked it ready for sign-off)
cannot approve it. Sections can be edited only in draft. Refusals
raise PermissionDenied (role) or ValidationError (state or content) with a message for people."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bettercare.accounts.access import require
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import quarter_label
from bettercare.plans.locking import StaleEdit, save_versioned
from bettercare.plans.models import Contribution, Plan
from bettercare.reference.fields import parse_quarter
from bettercare.reference.models import Area

from . import conditions as conditions_service
from .assembly import assemble
from .models import QuarterlyReturn, ReturnMetricStatus
from .proposals import propose
from .rules import metric_statuses


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    permission: str  # "edit" | "approve" (accounts.access)
    label: str
    consequence: str = ""  # for a step that cannot be undone: what will happen, shown before it is confirmed

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.consequence)

    @property
    def confirm_label(self) -> str:
        """The confirmation button: "Yes, approve (sign off for the HWB)"."""
        return f"Yes, {self.label[0].lower()}{self.label[1:]}"


TRANSITIONS = {
    t.action: t
    for t in [
        Transition("ready", "draft", "ready", "edit", "Mark as ready for sign-off"),
        Transition("reopen", "ready", "draft", "edit", "Return to draft"),
        Transition(
            "approve", "ready", "approved", "approve", "Approve (sign off for the HWB)",
            "The figures, statuses and narrative shown on the return are stored as the signed-off return, "
            "in your name. Later changes to the plan or to metric data do not alter it.",
        ),
        Transition("withdraw", "approved", "draft", "approve", "Withdraw approval"),
        Transition(
            "submit", "approved", "submitted", "edit", "Submit the return",
            "The signed-off return is submitted in your name and can never change. A correction needs a "
            "resubmission: a new version with a reason, and both stay on record.",
        ),
    ]
}
ROLE_NAMES = {"edit": "an editor or approver", "approve": "an approver"}


def has_permission(user, ret: QuarterlyReturn, permission: str) -> bool:
    return user.has_perm(f"bettercare.{permission}", ret)


def is_latest(ret: QuarterlyReturn) -> bool:
    return not QuarterlyReturn.objects.filter(area=ret.area, quarter=ret.quarter, revision__gt=ret.revision).exists()


def prepared_by(user, ret: QuarterlyReturn) -> bool:
    """Separation of duties applies: the setting is on and ``user`` marked the return ready."""
    return bool(settings.SEPARATION_OF_DUTIES) and ret.ready_by_id is not None and ret.ready_by_id == user.pk


SEPARATION_MESSAGE = (
    "You prepared this return (you marked it ready for sign-off), so another approver must approve it: "
    "the person who prepares a return cannot also approve it."
)


def allowed_actions(user, ret: QuarterlyReturn) -> list[Transition]:
    """The transitions this user may take on this return now (for the buttons on its page)."""
    if not is_latest(ret):
        return []
    return [
        t
        for t in TRANSITIONS.values()
        if t.source == ret.status
        and has_permission(user, ret, t.permission)
        and not (t.action == "approve" and prepared_by(user, ret))
    ]


def can_edit_sections(user, ret: QuarterlyReturn) -> bool:
    return ret.status == "draft" and is_latest(ret) and has_permission(user, ret, "edit")


def ensure_editable(user, ret: QuarterlyReturn) -> None:
    """Refuse section edits unless the user may edit the HWB and the return is the latest draft."""
    require(user, "edit", ret)
    if not is_latest(ret):
        raise ValidationError(f"This is version {ret.revision}; a later version replaces it, so it cannot change.")
    if ret.status != "draft":
        hint = "Start a resubmission to change it." if ret.status == "submitted" else "Return it to draft first."
        raise ValidationError(f"This return is {ret.get_status_display().lower()} and cannot be edited. {hint}")


def readiness_problems(ret: QuarterlyReturn) -> dict[str, str]:
    """What stops the return being marked ready, keyed by the field to fix."""
    problems = dict(conditions_service.problems(conditions_service.answers(ret.plan, ret.quarter)))
    if not ret.achievements.strip():
        problems["achievements"] = "Describe the achievements this quarter."
    if not ret.challenges.strip():
        problems["challenges"] = "Describe the challenges this quarter."
    for row in ret.metric_statuses.select_related("metric"):
        if row.is_override and not row.override_reason.strip():
            problems[f"reason-{row.metric.code}"] = f"Give a reason for changing the status of {row.metric.title}."
    return problems


def plan_for(area: Area, quarter: Quarter) -> Plan:
    """The plan a return reports on: of the HWB's plans whose policy period covers the quarter's
    financial year, one with contributions in that year first, then the latest version."""
    plans = [p for p in area.plans.select_related("period") if quarter.financial_year in p.period.years]
    if not plans:
        raise ValidationError(f"{area.name} has no plan covering {quarter.financial_year}.")
    funded = set(
        Contribution.objects.filter(plan__in=plans, financial_year=quarter.financial_year).values_list(
            "plan_id", flat=True
        )
    )
    return sorted(plans, key=lambda p: (p.id not in funded, -p.version, p.id))[0]


def refresh_proposals(ret: QuarterlyReturn, user=None) -> None:
    """Store the current proposal of every metric; the editor's choices and reasons are kept.
    Only for drafts (the model refuses otherwise)."""
    proposals = propose(ret.plan, ret.quarter)
    for proposal in proposals:
        row = ReturnMetricStatus.objects.filter(quarterly_return=ret, metric=proposal.metric).first()
        if row is None:
            row = ReturnMetricStatus(quarterly_return=ret, metric=proposal.metric)
        elif row.proposed_status == proposal.status and row.proposal == proposal.detail:
            continue
        row.proposed_status = proposal.status
        row.proposal = proposal.detail
        row._history_user = user
        row.save()


def start_return(user, area: Area, quarter_code: str) -> QuarterlyReturn:
    """Start the first draft of an HWB's return for a quarter (editor or approver)."""
    require(user, "edit", area)
    quarter = parse_quarter(quarter_code)
    if QuarterlyReturn.objects.filter(area=area, quarter=quarter).exists():
        raise ValidationError(f"{area.name} already has a return for {quarter.label}; open it from the list.")
    plan = plan_for(area, quarter)
    with transaction.atomic():
        ret = QuarterlyReturn(area=area, plan=plan, quarter=quarter, created_by=user)
        ret._history_user = user
        ret.save()
        refresh_proposals(ret, user)
    return ret


def update_narrative(user, ret: QuarterlyReturn, expected_version: int, values: dict) -> QuarterlyReturn:
    """Save achievements, challenges and support needed (draft only; optimistic locking)."""
    ensure_editable(user, ret)
    changes = {name: (values.get(name) or "").strip() for name in ("achievements", "challenges", "support_needed")}
    return save_versioned(ret, expected_version, changes, user, "return")


def choose_statuses(user, ret: QuarterlyReturn, choices: list[dict]) -> None:
    """Save the editor's status per metric, all or none. Each choice: ``row`` (ReturnMetricStatus),
    ``version`` (as opened), ``chosen`` (blank or the proposal = accept it) and ``reason``.
    Rule: a status other than the proposal needs a reason. A row changed by someone else since
    the form was opened refuses the whole save (StaleEdit)."""
    ensure_editable(user, ret)
    allowed = metric_statuses()
    errors, changes = {}, []
    for choice in choices:
        row = choice["row"]
        chosen = (choice.get("chosen") or "").strip()
        if chosen and chosen not in allowed:
            errors[f"status-{row.metric.code}"] = f"Choose one of: {', '.join(allowed)}."
            continue
        if chosen == row.proposed_status:
            chosen = ""
        reason = (choice.get("reason") or "").strip() if chosen else ""
        if chosen and not reason:
            errors[f"reason-{row.metric.code}"] = (
                f"Give a reason for changing the proposed status of {row.metric.title}."
            )
        if (chosen, reason) != (row.chosen_status, row.override_reason):
            changes.append((row, int(choice.get("version") or 0), chosen, reason))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            for row, version, chosen, reason in changes:
                save_versioned(
                    row, version, {"chosen_status": chosen, "override_reason": reason}, user,
                    f"status of {row.metric.title}", defer=True,
                )
    except StaleEdit as error:
        error.record()
        raise


def transition(user, ret: QuarterlyReturn, action: str, expected_version: int | None = None) -> QuarterlyReturn:
    """Move a return along the workflow, or refuse with PermissionDenied / ValidationError."""
    chosen = TRANSITIONS.get(action)
    if chosen is None:
        raise ValidationError(f"{action!r} is not a step of the return workflow.")
    require(user, "view", ret)
    if not has_permission(user, ret, chosen.permission):
        raise PermissionDenied(
            f"Only {ROLE_NAMES[chosen.permission]} for {ret.area.name} can {chosen.label.lower()}."
        )
    with transaction.atomic():
        current = QuarterlyReturn.objects.select_for_update().get(pk=ret.pk)
        if expected_version is not None and current.version != expected_version:
            raise ValidationError(
                "This return changed since you opened it; check it again before you "
                f"{chosen.label.lower()}."
            )
        if not is_latest(current):
            raise ValidationError(f"Version {current.revision} has been replaced by a later version.")
        if current.status != chosen.source:
            raise ValidationError(
                f"You cannot {chosen.label.lower()}: the return is {current.get_status_display().lower()}, "
                f"and this step needs it to be {dict(QuarterlyReturn.STATUSES)[chosen.source].lower()}."
            )
        now = timezone.now()
        if action == "ready":
            refresh_proposals(current, user)
            problems = readiness_problems(current)
            if problems:
                raise ValidationError(problems)
            current.ready_by, current.ready_at = user, now
        elif action == "approve":
            if prepared_by(user, current):
                raise PermissionDenied(SEPARATION_MESSAGE)
            current.approved_by, current.approved_at = user, now
            current.snapshot = assemble(current)
            current.snapshot.update(status="approved", approved_by=user.username, approved_at=now.isoformat())
        elif action == "submit":
            current.submitted_by, current.submitted_at = user, now
            current.snapshot = {**current.snapshot, "status": "submitted", "submitted_by": user.username,
                                "submitted_at": now.isoformat()}
        elif action in ("reopen", "withdraw"):
            current.snapshot = None
            current.approved_by = current.approved_at = None
            current.ready_by = current.ready_at = None
        current.status = chosen.target
        current._history_user = user
        current.save()
    return current


def resubmit(user, ret: QuarterlyReturn, reason: str) -> QuarterlyReturn:
    """Start a new draft revision of a submitted return, with a reason; the submitted one stays."""
    require(user, "edit", ret)
    reason = (reason or "").strip()
    if ret.status != "submitted":
        raise ValidationError("Only a submitted return can be resubmitted; edit this one instead.")
    if not is_latest(ret):
        raise ValidationError(f"Version {ret.revision} has already been replaced by a later version.")
    if not reason:
        raise ValidationError({"reason": "Give the reason for the resubmission."})
    with transaction.atomic():
        new = QuarterlyReturn(
            area=ret.area,
            plan=ret.plan,
            quarter=ret.quarter,
            revision=ret.revision + 1,
            replaces=ret,
            resubmission_reason=reason,
            achievements=ret.achievements,
            challenges=ret.challenges,
            support_needed=ret.support_needed,
            created_by=user,
        )
        new._history_user = user
        new.save()
        for row in ret.metric_statuses.all():
            ReturnMetricStatus(
                quarterly_return=new,
                metric=row.metric,
                proposed_status=row.proposed_status,
                proposal=row.proposal,
                chosen_status=row.chosen_status,
                override_reason=row.override_reason,
            ).save()
        refresh_proposals(new, user)
    return new


def describe(ret: QuarterlyReturn) -> str:
    return f"{ret.area.name} return for {quarter_label(ret.quarter)}, version {ret.revision}"
