"""Object permissions per HWB, enforced in the service layer (views and the API call these).

Rules: a national-team member reads every HWB; a member of an HWB reads it as viewer, also
changes its data as editor, and also signs off as approver. Nobody else sees an HWB."""

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from bettercare.reference.models import Area

ROLE_RANK = {"viewer": 1, "editor": 2, "approver": 3}


def area_of(obj) -> Area:
    """The HWB an object belongs to (an Area, or anything with ``area`` or ``plan``)."""
    if isinstance(obj, Area):
        return obj
    if hasattr(obj, "area_id") and obj.area_id is not None:
        return obj.area
    if hasattr(obj, "plan"):
        return obj.plan.area
    raise TypeError(f"{type(obj).__name__} does not belong to an HWB")


def is_national(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.memberships.filter(role="national").exists())


def role_rank(user, area: Area) -> int:
    if not user.is_authenticated:
        return 0
    membership = user.memberships.filter(area=area).first()
    return ROLE_RANK.get(membership.role, 0) if membership else 0


@rules.predicate
def can_view(user, obj) -> bool:
    return is_national(user) or role_rank(user, area_of(obj)) >= ROLE_RANK["viewer"]


@rules.predicate
def can_edit(user, obj) -> bool:
    return role_rank(user, area_of(obj)) >= ROLE_RANK["editor"] or bool(user.is_superuser)


@rules.predicate
def can_approve(user, obj) -> bool:
    return role_rank(user, area_of(obj)) >= ROLE_RANK["approver"] or bool(user.is_superuser)


PERMISSIONS = {"view": can_view, "edit": can_edit, "approve": can_approve}
for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(f"bettercare.{_name}", _predicate)


def visible_areas(user) -> QuerySet[Area]:
    """The HWBs a user may read."""
    if is_national(user):
        return Area.objects.all()
    if not user.is_authenticated:
        return Area.objects.none()
    return Area.objects.filter(memberships__user=user).distinct()


def require(user, action: str, obj) -> None:
    """Raise PermissionDenied unless ``user`` may ``action`` (view, edit, approve) ``obj``."""
    if not user.has_perm(f"bettercare.{action}", obj):
        raise PermissionDenied(f"You do not have permission to {action} {area_of(obj)}'s data.")
