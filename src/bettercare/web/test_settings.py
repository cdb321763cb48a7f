"""Settings for the tests: the development settings with the cache in memory, emptied before each test
(``tests/conftest.py``), so that no test reads a page another test computed."""

from .dev_settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bettercare-tests"}}
