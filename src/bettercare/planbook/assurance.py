"""The national team's assurance of a plan version. Rules: only a member of the national team (or a
superuser) records or changes the outcome, checked before the submitted data is read; the HWB's own
users (viewer, editor, approver) read it on the plan's page. "Approved with conditions" needs at least
one condition, each with a due date; "Approved" carries none. One current outcome per version: a
change replaces it and django-simple-history keeps the earlier one with its author."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from bettercare.accounts.access import is_national, require
from bettercare.plans.models import Plan, PlanAssurance

from .assurance_forms import CONDITION_SLOTS, AssuranceForm


def assurance_of(user, plan: Plan) -> PlanAssurance | None:
    """The version's current assurance outcome, for anyone who may read the plan."""
    require(user, "view", plan)
    return PlanAssurance.objects.filter(plan=plan).select_related("recorded_by").first()


def may_assure(user) -> bool:
    return is_national(user)


def ensure_may_assure(user, plan: Plan) -> None:
    """Raise PermissionDenied unless ``user`` is on the national team."""
    if not may_assure(user):
        raise PermissionDenied(f"Only the national BCF team records the assurance of {plan.area}'s plan.")


def assurance_form(user, plan: Plan, data=None) -> AssuranceForm:
    """The form for recording ``plan``'s outcome (national team only), filled with the current one."""
    ensure_may_assure(user, plan)
    current = PlanAssurance.objects.filter(plan=plan).first()
    initial = {}
    if current:
        initial = {"outcome": current.outcome, "note": current.note}
        for number, condition in enumerate(current.conditions[:CONDITION_SLOTS], start=1):
            initial[f"condition_{number}"] = condition["text"]
            initial[f"due_{number}"] = condition["due"]
    return AssuranceForm(data, initial=initial)


@transaction.atomic
def record_assurance(user, plan: Plan, data) -> tuple[PlanAssurance | None, AssuranceForm]:
    """Check the national role, then read ``data`` and save the outcome of ``plan``. Returns the saved
    record (None when the form has errors, which name their field) and the bound form."""
    form = assurance_form(user, plan, data)
    if not form.is_valid():
        return None, form
    assurance = PlanAssurance.objects.select_for_update().filter(plan=plan).first() or PlanAssurance(plan=plan)
    assurance.outcome = form.cleaned_data["outcome"]
    assurance.conditions = [{"text": text, "due": due.isoformat()} for text, due in form.conditions()]
    assurance.note = form.cleaned_data["note"]
    assurance.recorded_by, assurance.recorded_at = user, timezone.now()
    assurance._history_user = user
    assurance.save()
    return assurance, form
