"""API test helpers: a live token for a demo user, and the auth header that carries it."""

import pytest
from django.contrib.auth import get_user_model

from bettercare.accounts.tokens import create_token

NEL, NORFOLK, LEICESTERSHIRE = "E06000012", "E10000020", "E10000018"
AREAS = (NEL, NORFOLK, LEICESTERSHIRE)


def bearer(username: str) -> dict[str, str]:
    user = get_user_model().objects.get(username=username)
    _, secret = create_token(user, f"test {username}", 30)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counts():
    from django.core.cache import cache

    cache.clear()
