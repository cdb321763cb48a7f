"""Production settings, read from the environment (documented in the README, "Running in production").

BETTERCARE_SECRET_KEY    the signing key; `bettercare serve` refuses to start without it
BETTERCARE_ALLOWED_HOSTS comma-separated host names (default 127.0.0.1,localhost)
BETTERCARE_HTTPS         1 (default): served over HTTPS, so HTTP is redirected, HSTS is sent and cookies
                         are Secure; 0 only on a closed test network
BETTERCARE_PROXY_HTTPS   1: trust the proxy's X-Forwarded-Proto header to say the request was HTTPS
BETTERCARE_SESSION_HOURS a signed-in session's lifetime in hours (default 8, one working day)
BETTERCARE_SEPARATION_OF_DUTIES 1 (default): whoever prepared a return (marked it ready for sign-off) or
                         explained a plan-check finding cannot also approve it; 0 for a one-person team
BETTERCARE_DEBUG         1: Django's debug pages (never in production; `bettercare serve --dev` sets it)
DATABASE_URL             default: embedded SQLite in BETTERCARE_DATA_DIR (default ./var)

Development (`bettercare serve --dev`, `bettercare demo`, the tests) uses ``bettercare.web.dev_settings``.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE


def env_flag(name: str, default: bool) -> bool:
    """True for 1/true/yes/on, False for 0/false/no/off (any case), else the default."""
    value = os.environ.get(name, "").strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    return default


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("BETTERCARE_DATA_DIR", Path.cwd() / "var"))

# Without BETTERCARE_SECRET_KEY a random key serves one process (command-line work signs nothing that
# outlives it); the production server refuses to start and `manage check --deploy` reports bettercare.E001.
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("BETTERCARE_SECRET_KEY"))
SECRET_KEY = os.environ.get("BETTERCARE_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = env_flag("BETTERCARE_DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("BETTERCARE_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
                 if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",  # admin modules load with the URLs (web/urls.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "bettercare.reference",
    "axes",
    "bettercare.accounts",
    "bettercare.plans",
    "bettercare.planbook",
    "bettercare.monitoring",
    "bettercare.delivery",
    "bettercare.reports",
    "bettercare.api",
    "bettercare.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "bettercare.reference.data_version.OneVersionPerRead",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "bettercare.web.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "bettercare.web.wsgi.application"

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{DATA_DIR / 'bettercare.sqlite3'}", conn_max_age=60)}

# Pages computed once per change of the data (``reference.data_version``) are kept in the database they
# describe, shared by every worker process; its table is made by migration reference 0004.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bettercare_cache",
                      "TIMEOUT": 3600, "OPTIONS": {"MAX_ENTRIES": 5000}}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses sign-in while locked out
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): 5 wrong passwords for one username, or from one address, lock sign-in for
# 15 minutes (`bettercare manage axes_reset_username NAME` unlocks a user early).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "bettercare/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Separation of duties (delivery.workflow, planbook.findings): the preparer cannot approve.
SEPARATION_OF_DUTIES = env_flag("BETTERCARE_SEPARATION_OF_DUTIES", True)

# Sessions: one working day, ended when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("BETTERCARE_SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# HTTPS: redirect, HSTS for a year, cookies only over HTTPS.
HTTPS = env_flag("BETTERCARE_HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS  # allows (does not make) a submission to the browsers' preload list
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
if env_flag("BETTERCARE_PROXY_HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): scripts only from our own static files, never inline or eval
# (charts run Vega through vega-interpreter). Inline *styles* stay allowed: Vega's SVG and the
# plan-on-a-page grid set style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
VALIDATE_CHART_SPECS = False  # monitoring.charts.vega_lite: the tests and development settings check every spec
