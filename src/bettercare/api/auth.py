"""Who is calling: a personal API token (``Authorization: Bearer bc_...``) or the signed-in
browser session. Either way the request then acts as that user (``request.user``), so the same
permission rules as the web pages apply and every change records its author.

Rate limit (per token, or per signed-in user): at most ``BETTERCARE_API_RATE_LIMIT`` requests
(default 300) in each clock minute, counted in Django's cache (per process with the default
local-memory cache; shared with a shared cache such as Redis or the database cache). Over the limit
the API answers 429 with ``Retry-After`` (seconds to the next minute)."""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from bettercare.accounts.tokens import token_for_secret

WINDOW_SECONDS = 60


class RateLimited(Exception):
    def __init__(self, retry_after: int, limit: int):
        self.retry_after, self.limit = retry_after, limit
        super().__init__(f"more than {limit} requests in a minute; try again in {retry_after} seconds")


def rate_limit() -> int:
    return int(getattr(settings, "BETTERCARE_API_RATE_LIMIT", 300))


def count_request(key: str) -> None:
    """Count one request for ``key`` in the current minute; raise RateLimited over the limit."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    cache_key = f"bettercare-api-rate:{key}:{window}"
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=WINDOW_SECONDS * 2)
        used = 1
    limit = rate_limit()
    if used > limit:
        raise RateLimited(max(1, int((window + 1) * WINDOW_SECONDS - now)), limit)


class TokenAuth(HttpBearer):
    """A personal API token, hashed and checked against the database."""

    def authenticate(self, request: HttpRequest, token: str):
        found = token_for_secret(token.strip())
        if found is None:
            return None
        count_request(f"token:{found.pk}")
        request.user = found.user  # act as the owner: permissions and history authorship
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (CSRF-checked for writes), so pages can link to exports."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None):
        if request.user.is_authenticated:
            count_request(f"user:{request.user.pk}")
            return request.user
        return None
