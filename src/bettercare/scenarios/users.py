"""Demo users: one per role, each a member of the HWB of a demo scenario (the national team user
reads every HWB). Demo only: a real deployment creates users through the admin."""

DEMO_PASSWORD = "bettercare-demo"
DEMO_USERS = [  # username, role, scenario whose HWB the user belongs to (None = national team)
    ("national", "national", None),
    ("norfolk.editor", "editor", "norfolk-2014-16"),
    ("leicestershire.approver", "approver", "leicestershire-2018-19"),
    ("nel.viewer", "viewer", "nel-2017-19"),
]


def create_demo_users() -> None:
    """Create the demo users (password ``DEMO_PASSWORD``) and their memberships; idempotent. A user
    whose scenario is not loaded is created without a membership."""
    from django.contrib.auth import get_user_model

    from bettercare.accounts.models import Membership
    from bettercare.plans.models import Plan

    user_model = get_user_model()
    for username, role, scenario_id in DEMO_USERS:
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        area = None
        if scenario_id:
            plan = Plan.objects.filter(scenario=scenario_id).first()
            area = plan.area if plan else None
            if area is None:
                continue
        Membership.objects.get_or_create(user=user, area=area, defaults={"role": role})
