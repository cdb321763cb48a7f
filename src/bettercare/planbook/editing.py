"""The service layer every plan edit goes through. Rules: only the HWB's editors (and approvers)
may change its plan; a submitted, approved or assured plan is frozen and is never changed in place
(``PlanFrozen``): the editor offers "create a new version" instead. A change to a row someone else
saved since the form was opened is refused (``StaleEdit``, optimistic locking: ``plans.locking``)."""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import transaction

from bettercare.accounts.access import require
from bettercare.plans.locking import StaleEdit, stale_edit
from bettercare.plans.models import Plan


class PlanFrozen(PermissionDenied):
    """An edit of a frozen plan was refused."""

    def __init__(self, plan: Plan):
        self.plan = plan
        super().__init__(
            f"Version {plan.version} of this plan is {plan.get_status_display().lower()}, so it cannot be changed. "
            "Create a new version to make changes."
        )


def ensure_editable(user, plan: Plan) -> None:
    """Refuse unless ``user`` may edit ``plan``'s HWB and the plan is not frozen."""
    require(user, "edit", plan)
    plan.refresh_from_db(fields=["status"])
    if plan.is_frozen:
        raise PlanFrozen(plan)


def claim_version(instance, seen_version: int | None, user, noun: str) -> None:
    """Inside a transaction: lock ``instance``'s stored row if it still has ``seen_version``, else raise
    StaleEdit naming who changed it and when. A new row (no pk) or no version given claims nothing."""
    if instance.pk is None or seen_version is None:
        return
    model = type(instance)
    if not model.objects.filter(pk=instance.pk, version=seen_version).update(version=seen_version):
        current = model.objects.filter(pk=instance.pk).first()
        changes = {f.name: getattr(instance, f.attname) for f in model._meta.concrete_fields if f.editable}
        raise stale_edit(model, current, seen_version, changes, user, noun, str(current or instance))


@contextmanager
def recorded_if_stale():
    """Record a refused stale save after its transaction has rolled back (so the record is kept)."""
    try:
        yield
    except StaleEdit as error:
        error.record()
        raise


def save_row(user, plan: Plan, instance, seen_version: int | None = None, noun: str = "row", **values):
    """Set ``values`` on a row of ``plan`` (new or existing) and save it, if the plan is editable and the
    row is still at ``seen_version`` (the version its form was opened on)."""
    ensure_editable(user, plan)
    with recorded_if_stale(), transaction.atomic():
        claim_version(instance, seen_version, user, noun)
        for name, value in values.items():
            setattr(instance, name, value)
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance._history_user = user
        instance.save()
    return instance


def delete_row(user, plan: Plan, instance) -> None:
    """Remove a row of ``plan``, if the plan is editable."""
    ensure_editable(user, plan)
    with transaction.atomic():
        instance.delete()


def save_scheme(
    user,
    plan: Plan,
    scheme,
    finances: list[dict],
    impacts: list[dict],
    seen_version: int | None = None,
    seen_finances: dict | None = None,
):
    """Save a scheme with its spend and benefit lines and its metric impacts, if the scheme is still at
    ``seen_version``. A finance line left wholly blank is removed; a metric left unrated, without text or
    rationale, has no impact row."""
    from bettercare.plans.models import SchemeFinance, SchemeMetricImpact

    ensure_editable(user, plan)
    with recorded_if_stale(), transaction.atomic():
        claim_version(scheme, seen_version, user, "scheme")
        if seen_finances is not None and scheme.pk:
            lines = {(f.kind, f.financial_year): f for f in scheme.finances.all()}
            claim_finance_versions(scheme, lines, seen_finances, user)
        scheme.plan = plan
        scheme._history_user = user
        scheme.full_clean(validate_unique=False, validate_constraints=False)
        scheme.save()
        existing = {(f.kind, f.financial_year): f for f in scheme.finances.all()}
        for values in finances:
            line = existing.get((values["kind"], values["financial_year"]))
            blank = (
                values["recurrent"] is None and values["non_recurrent"] is None and values.get("funding_stream") is None
            )
            if blank:
                if line is not None:
                    line.delete()
                continue
            line = line or SchemeFinance(scheme=scheme, kind=values["kind"], financial_year=values["financial_year"])
            line.recurrent = values["recurrent"] or 0
            line.non_recurrent = values["non_recurrent"] or 0
            line.funding_stream = values.get("funding_stream")
            line._history_user = user
            line.full_clean(validate_unique=False, validate_constraints=False)
            line.save()
        current = {i.metric_id: i for i in scheme.metric_impacts.all()}
        for values in impacts:
            impact = current.get(values["metric"].id)
            if values["score"] is None and not values["score_text"] and not values["rationale"]:
                if impact is not None:
                    impact.delete()
                continue
            impact = impact or SchemeMetricImpact(scheme=scheme, metric=values["metric"])
            impact.score, impact.score_text, impact.rationale = (
                values["score"],
                values["score_text"],
                values["rationale"],
            )
            impact.full_clean(validate_unique=False, validate_constraints=False)
            impact.save()
    return scheme


def claim_finance_versions(scheme, lines: dict, seen: dict, user) -> None:
    """Claim each of ``scheme``'s finance ``lines`` ((kind, year) -> row) at its version in ``seen``;
    a line added (not seen) or removed (seen, now gone) since the form was opened is a stale edit too."""
    from bettercare.plans.models import SchemeFinance

    for kind, year in sorted(set(lines) | set(seen)):
        noun, expected = f"scheme's {kind} for {year}", seen.get((kind, year), 0)
        if (kind, year) in lines:  # expected 0 (no line when opened) fails too: someone added it
            claim_version(lines[(kind, year)], expected, user, noun)
        elif expected:
            raise stale_edit(SchemeFinance, None, expected, {}, user, noun, f"{scheme.ref} {kind} {year}")


def save_spend(user, plan: Plan, scheme, values: dict, seen: dict[str, int] | None = None) -> None:
    """Set a scheme's recurrent and non-recurrent spend per year (blank = 0, keeping the line's
    stream); a year whose line does not exist and is left blank stays without a line. With ``seen``
    ((kind, year) -> version of its line when the form was opened, absent = no line), a line changed,
    added or removed since then refuses the whole save (StaleEdit)."""
    from bettercare.plans.models import SchemeFinance

    ensure_editable(user, plan)
    with recorded_if_stale(), transaction.atomic():
        lines = {f.financial_year: f for f in scheme.finances.filter(kind="spend")}
        if seen is not None:
            claim_finance_versions(scheme, {("spend", year): line for year, line in lines.items()}, seen, user)
        for year, parts in values.items():
            line = lines.get(year)
            if line is None and parts.get("recurrent") is None and parts.get("non_recurrent") is None:
                continue
            line = line or SchemeFinance(scheme=scheme, kind="spend", financial_year=year)
            line._history_user = user
            line.recurrent = parts.get("recurrent") or 0
            line.non_recurrent = parts.get("non_recurrent") or 0
            line.full_clean(validate_unique=False, validate_constraints=False)
            line.save()


def save_conditions(user, plan: Plan, answers: list[dict]) -> None:
    """Record the plan-stage answer (True, False or None) and narrative for each condition."""
    from bettercare.delivery.models import ConditionConfirmation

    ensure_editable(user, plan)
    with transaction.atomic():
        current = {c.condition_id: c for c in plan.condition_confirmations.filter(quarter="")}
        for answer in answers:
            row = current.get(answer["condition"].id) or ConditionConfirmation(
                plan=plan, condition=answer["condition"], quarter=""
            )
            if row.pk and row.confirmed == answer["confirmed"] and row.narrative == answer["narrative"]:
                continue
            row.confirmed, row.narrative = answer["confirmed"], answer["narrative"]
            row.save()


def save_monitoring_row(user, plan: Plan, instance, seen_version: int | None = None):
    """Save a quarterly finance-monitoring line of ``plan`` if it is still at ``seen_version``. Rule:
    monitoring continues after a plan is approved, so it needs edit permission on the HWB but is not
    refused for a frozen plan."""
    require(user, "edit", plan)
    with recorded_if_stale(), transaction.atomic():
        claim_version(instance, seen_version, user, "finance monitoring line")
        instance._history_user = user
        instance.plan = plan
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
    return instance
