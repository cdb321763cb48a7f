"""Where the tests find ``../shared`` (reference fixtures from UKHSA PHEindicatormethods and
NHSRplotthedots, the seed documents): read at run time, never copied into the repository.

Without the folder those tests skip with one reason (``SHARED_MISSING``); the conftest counts them in
the summary, and CI (``BETTERCARE_REQUIRE_SHARED=1``) fails on any skip at all."""

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("BETTERCARE_SHARED_DIR") or Path(__file__).resolve().parents[1].parent / "shared")
SHARED_MISSING = "needs ../shared (reference fixtures and seed documents), which this checkout does not have"


def reference_dir() -> Path:
    """The reference fixtures folder (``BETTERCARE_REFERENCE_DIR`` overrides it); skips the calling
    test module when it is absent."""
    folder = Path(os.environ.get("BETTERCARE_REFERENCE_DIR") or SHARED / "fixtures" / "reference")
    if not folder.is_dir():
        pytest.skip(SHARED_MISSING, allow_module_level=True)
    return folder


SEEDS = SHARED / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=SHARED_MISSING)
