"""Helpers shared by the delivery pages: permission-checked look-ups, error summaries, safe
"next" links and the "as at" date."""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from bettercare.accounts.access import require
from bettercare.plans.models import Plan


def plan_or_404(request, plan_id: int, action: str = "view") -> Plan:
    """The plan, after checking the user may ``action`` it (PermissionDenied otherwise)."""
    plan = get_object_or_404(Plan.objects.select_related("area", "period"), pk=plan_id)
    require(request.user, action, plan)
    return plan


def can(request, action: str, obj) -> bool:
    return request.user.has_perm(f"bettercare.{action}", obj)


def form_errors(form) -> list[tuple[str, str]]:
    """(anchor, message) for a GOV.UK error summary: each field error links to its field."""
    errors = []
    for name, messages in form.errors.items():
        anchor = f"#{form[name].id_for_label}" if name in form.fields else "#main-content"
        errors.extend((anchor, message) for message in messages)
    return errors


def validation_errors(error: ValidationError, form=None, prefix: str = "") -> list[tuple[str, str]]:
    """(anchor, message) for a service's ValidationError; field errors are also put on ``form``."""
    if not hasattr(error, "error_dict"):
        return [("#main-content", message) for message in error.messages]
    errors = []
    for name, messages in error.message_dict.items():
        if form is not None and name in form.fields:
            form.add_error(name, messages)
            anchor = f"#{form[name].id_for_label}"
        else:
            anchor = f"#{prefix}{name}"
        errors.extend((anchor, message) for message in messages)
    return errors


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def as_at(request) -> tuple[date, str]:
    """The day flags are computed for: ``?as_at=YYYY-MM-DD`` or today; and an error when invalid."""
    text = (request.GET.get("as_at") or "").strip()
    if not text:
        return timezone.localdate(), ""
    try:
        return date.fromisoformat(text), ""
    except ValueError:
        return timezone.localdate(), f"Enter the 'as at' date like 2018-03-31 (you entered {text!r}); showing today."
