"""Comparator groups: versioned sets of HWBs an HWB is benchmarked against.

- Region and ICB groups follow the national register (``AreaRegistration.region``; ``AreaIcb``, every
  HWB drawing from the ICB, from ``catalogue/areas/hwb-icbs-2022.csv``). ``sync_register_groups`` adds
  a version only when the register's members differ from the group's latest version.
- User-defined groups (e.g. the family group seed 002 compares Norfolk with) are created and changed
  with ``save_group``: the national team may change any; an HWB's editors (and approvers) may create and
  change the groups their HWB owns. Permission is checked before the submitted members are read. Every
  change adds a version with its author and note; nothing earlier is overwritten.
- An HWB's own comparator group (``own_group``): the newest user-defined group it owns, else one it is a
  member of, else its main ICB's group."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bettercare.accounts.access import ROLE_RANK, is_national, role_rank
from bettercare.reference.models import Area, AreaIcb, AreaRegistration

from .models import ComparatorGroup, ComparatorGroupVersion

REGISTER = "the national register"


def members_of(group: ComparatorGroup) -> set[str]:
    """GSS codes of the group's latest version (empty when it has none)."""
    version = group.current
    return set(version.members.values_list("gss_code", flat=True)) if version else set()


def _new_version(group: ComparatorGroup, areas: Iterable[Area], note: str, user=None) -> ComparatorGroupVersion:
    latest = group.versions.order_by("-number").first()
    version = ComparatorGroupVersion.objects.create(
        group=group, number=(latest.number + 1) if latest else 1, note=note, author=user,
        author_name=user.get_username() if user is not None else REGISTER)
    version.members.set(list(areas))
    return version


@transaction.atomic
def sync_register_groups() -> int:
    """Region and ICB groups in step with the register; returns the number of versions added."""
    wanted: dict[tuple[str, str], tuple[str, set[int]]] = {}
    for registration in AreaRegistration.objects.select_related("region"):
        key = ("region", f"region-{registration.region.code}")
        wanted.setdefault(key, (registration.region.name, set()))[1].add(registration.area_id)
    icb_members: dict[str, set[int]] = defaultdict(set)
    for link in AreaIcb.objects.select_related("icb"):
        key = ("icb", f"icb-{link.icb.code}")
        wanted.setdefault(key, (link.icb.name, set()))[1].add(link.area_id)
        icb_members[link.icb.code].add(link.area_id)
    added = 0
    for (kind, code), (name, area_ids) in sorted(wanted.items()):
        group, _ = ComparatorGroup.objects.get_or_create(code=code, defaults={"kind": kind, "name": name})
        current = group.current
        if current is not None and set(current.members.values_list("pk", flat=True)) == area_ids:
            continue
        _new_version(group, Area.objects.filter(pk__in=area_ids),
                     f"Members from {REGISTER} ({'region of each HWB' if kind == 'region' else 'HWB-ICB links'})")
        added += 1
    return added


def may_edit(user, group: ComparatorGroup | None, owner: Area | None = None) -> bool:
    """National team: any user-defined group. An HWB's editors or approvers: the groups their HWB owns."""
    if group is not None and group.kind != "user":
        return False
    if is_national(user):
        return True
    area = group.owner if group is not None else owner
    return area is not None and role_rank(user, area) >= ROLE_RANK["editor"]


def editable_owners(user):
    """The HWBs a user may create groups for (every HWB for the national team)."""
    if is_national(user):
        return Area.objects.filter(registration__isnull=False).order_by("name")
    return Area.objects.filter(memberships__user=user, memberships__role__in=("editor", "approver")).order_by("name")


@transaction.atomic
def save_group(user, group: ComparatorGroup | None, *, name: str, owner: Area | None, member_codes: Iterable[str],
               note: str, description: str = "") -> ComparatorGroup:
    """Create a user-defined group or add a version to one. Permission first, then the data: a name, at
    least two registered HWBs, and a note saying why; else ValidationError naming the field."""
    if not may_edit(user, group, owner):
        raise PermissionDenied("Only the national team or the owning HWB's editors may change this comparator group.")
    if group is None and owner is None and not is_national(user):
        raise PermissionDenied("Only the national team may create a group that no HWB owns.")
    errors: dict[str, str] = {}
    codes = sorted({c.strip().upper() for c in member_codes if c and c.strip()})
    areas = list(Area.objects.filter(gss_code__in=codes, registration__isnull=False))
    unknown = sorted(set(codes) - {a.gss_code for a in areas})
    if not name.strip():
        errors["name"] = "Enter the group's name"
    if unknown:
        errors["members"] = f"Not HWBs of the national register: {', '.join(unknown)}"
    elif len(areas) < 2:
        errors["members"] = "Choose at least two HWBs"
    if not note.strip():
        errors["note"] = "Say why the group has these members (its source or the reason for the change)"
    if errors:
        raise ValidationError(errors)
    if group is None:
        base = "user-" + "-".join(name.strip().lower().split())[:40]
        code, n = base, 1
        while ComparatorGroup.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        group = ComparatorGroup.objects.create(kind="user", code=code, name=name.strip(), owner=owner,
                                               description=description.strip(), created_by=user)
    else:
        group.name, group.description = name.strip(), description.strip()
        group.save(update_fields=["name", "description"])
    _new_version(group, areas, note.strip(), user)
    return group


def groups_for(area: Area) -> list[ComparatorGroup]:
    """The region, ICB and user-defined groups whose latest version holds ``area``, or that it owns."""
    found = []
    for group in ComparatorGroup.objects.prefetch_related("versions__members").order_by("kind", "name"):
        if group.owner_id == area.pk or area.gss_code in members_of(group):
            found.append(group)
    return found


def own_group(area: Area) -> ComparatorGroup | None:
    """The HWB's own comparator group (module docstring)."""
    owned = ComparatorGroup.objects.filter(kind="user", owner=area).order_by("-created_at", "-pk").first()
    if owned is not None:
        return owned
    member = [g for g in groups_for(area) if g.kind == "user"]
    if member:
        return member[0]
    link = AreaIcb.objects.filter(area=area).select_related("icb").order_by("-main", "pk").first()
    return ComparatorGroup.objects.filter(code=f"icb-{link.icb.code}").first() if link else None
