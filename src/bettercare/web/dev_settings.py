"""Development settings: the production settings with Django's debug pages, plain HTTP on this machine and
a fixed development key. Used by `bettercare serve --dev`, `bettercare demo` and the tests; never in
production (`manage check --deploy` reports every one of these choices)."""

import os

from .settings import *  # noqa: F403
from .settings import env_flag

SECRET_KEY = os.environ.get("BETTERCARE_SECRET_KEY") or "bettercare-development-key-not-for-production"
DEBUG = env_flag("BETTERCARE_DEBUG", True)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
HTTPS = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
WHITENOISE_AUTOREFRESH = True
VALIDATE_CHART_SPECS = True  # every chart spec checked against the Vega-Lite schema
