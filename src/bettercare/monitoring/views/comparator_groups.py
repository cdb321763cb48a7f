"""Comparator group pages: the list (everyone signed in who may see a benchmark), a group with its versions,
and the form that creates a user-defined group or adds a version to one (``comparator_groups.save_group``:
the national team, or the owning HWB's editors; the permission is checked before the form is read)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from bettercare.accounts.access import is_national, visible_areas
from bettercare.monitoring.comparator_groups import editable_owners, may_edit, members_of, save_group
from bettercare.monitoring.models import ComparatorGroup
from bettercare.reference.models import Area, AreaRegistration


def _may_read(user) -> None:
    if not is_national(user) and not visible_areas(user).exists():
        raise PermissionDenied("Comparator groups are for the national team and the HWBs' members")


@login_required
def group_list(request):
    _may_read(request.user)
    groups = ComparatorGroup.objects.select_related("owner").prefetch_related("versions")
    return render(request, "monitoring/comparator_groups.html", {
        "groups": [(g, g.current) for g in groups], "may_create": editable_owners(request.user).exists(),
    })


@login_required
def group_detail(request, code: str):
    _may_read(request.user)
    group = get_object_or_404(ComparatorGroup.objects.select_related("owner"), code=code)
    versions = group.versions.select_related("author").prefetch_related("members").order_by("-number")
    return render(request, "monitoring/comparator_group.html", {
        "group": group, "versions": versions, "may_edit": may_edit(request.user, group),
    })


def _hwbs_by_region() -> list[tuple[str, list[Area]]]:
    grouped: dict[str, list[Area]] = {}
    for registration in AreaRegistration.objects.select_related("area", "region").order_by("region__name",
                                                                                          "area__name"):
        grouped.setdefault(registration.region.name, []).append(registration.area)
    return list(grouped.items())


@login_required
def group_edit(request, code: str | None = None):
    """Create (no ``code``) or change a user-defined group."""
    group = get_object_or_404(ComparatorGroup, code=code) if code else None
    owners = editable_owners(request.user)
    if group is not None and not may_edit(request.user, group):
        raise PermissionDenied("Only the national team or the owning HWB's editors may change this group.")
    if group is None and not owners.exists():
        raise PermissionDenied("Only the national team or an HWB's editors may create a comparator group.")
    errors, values = {}, {}
    if request.method == "POST":
        owner_code = request.POST.get("owner", "")
        owner = owners.filter(gss_code=owner_code).first() if owner_code else None
        if group is not None:
            owner = group.owner
        values = {"name": request.POST.get("name", ""), "description": request.POST.get("description", ""),
                  "note": request.POST.get("note", ""), "members": set(request.POST.getlist("members")),
                  "owner": owner_code}
        if owner_code and owner is None and group is None:
            errors["owner"] = "Choose an HWB whose groups you may change"
        else:
            try:
                saved = save_group(request.user, group, name=values["name"], owner=owner,
                                   member_codes=values["members"], note=values["note"],
                                   description=values["description"])
                return HttpResponseRedirect(reverse("comparator-group", args=[saved.code]))
            except ValidationError as error:
                errors = {field: " ".join(messages) for field, messages in error.message_dict.items()}
    elif group is not None:
        values = {"name": group.name, "description": group.description, "note": "", "members": members_of(group),
                  "owner": group.owner.gss_code if group.owner else ""}
    else:
        mine = owners.first() if not is_national(request.user) else None
        values = {"name": "", "description": "", "note": "", "members": {mine.gss_code} if mine else set(),
                  "owner": mine.gss_code if mine else ""}
    regions = _hwbs_by_region()
    chosen = values.get("members") or set()
    return render(request, "monitoring/comparator_group_form.html", {
        "group": group, "owners": owners, "regions": regions, "values": values, "errors": errors,
        "open_regions": {name for name, areas in regions if any(a.gss_code in chosen for a in areas)},
        "national": is_national(request.user),
    }, status=400 if errors else 200)
