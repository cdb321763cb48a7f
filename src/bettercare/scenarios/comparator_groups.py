"""The demo's comparator groups: the region and ICB groups of the national register, and Norfolk's family
group as a user-defined group owned by Norfolk.

Seed 002 (Norfolk's summary for the LGA peer review, September 2018) reads Norfolk's KPIs against its
"Latest Family Group Average" and aims for permanent admissions "one of the lowest 'placing' Councils in
Norfolk's family group", but does not list the group. A family group is a council's nearest statistical
neighbours (CIPFA's model); the members below are an illustrative stand-in of shire counties like
Norfolk (rural, older population), not CIPFA's list, and the version's note says so. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from bettercare.monitoring.comparator_groups import save_group, sync_register_groups
from bettercare.monitoring.models import ComparatorGroup
from bettercare.reference.models import Area

NORFOLK = "E10000020"
FAMILY_GROUP = "Norfolk family group"
FAMILY_MEMBERS = ("E10000020", "E10000029", "E10000019", "E10000008", "E06000066", "E10000003", "E06000059",
                  "E06000051", "E06000054", "E10000013", "E10000034", "E10000031", "E10000018", "E10000024",
                  "E10000028", "E10000007")
FAMILY_NOTE = ("Seed 002 compares Norfolk with its family group average but does not list the members; these 16 "
               "shire counties (rural, older populations) are an illustrative stand-in, not CIPFA's nearest "
               "neighbours list: replace them with that list when it is to hand.")
EDITOR = "norfolk.editor"


def load_demo_groups() -> tuple[int, bool]:
    """Region and ICB groups from the register, and Norfolk's family group; (versions added, family created)."""
    added = sync_register_groups()
    norfolk = Area.objects.filter(gss_code=NORFOLK).first()
    editor = get_user_model().objects.filter(username=EDITOR).first()
    if norfolk is None or editor is None or ComparatorGroup.objects.filter(kind="user", owner=norfolk,
                                                                          name=FAMILY_GROUP).exists():
        return added, False
    save_group(editor, None, name=FAMILY_GROUP, owner=norfolk, member_codes=FAMILY_MEMBERS, note=FAMILY_NOTE,
               description="Councils like Norfolk, as in its 2018 peer review summary (seed 002).")
    return added, True
