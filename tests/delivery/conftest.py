"""Fixtures for the delivery tests: demo plans by scenario and users with a role in an HWB."""

import pytest
from django.contrib.auth import get_user_model

from bettercare.accounts.models import Membership
from bettercare.plans.models import Plan


@pytest.fixture
def plan_of():
    def plan_of(scenario: str) -> Plan:
        return Plan.objects.select_related("area", "period").get(scenario=scenario)

    return plan_of


@pytest.fixture
def member(db):
    """member(username, area, role): a user with that role in that HWB (area None = national). No
    password (hashing is slow): page tests sign in with ``client.force_login``."""

    def member(username: str, area, role: str):
        user = get_user_model().objects.create_user(username, password=None)
        Membership.objects.create(user=user, area=area, role=role)
        return user

    return member


@pytest.fixture
def demo_user():
    def demo_user(username: str):
        return get_user_model().objects.get(username=username)

    return demo_user
