"""Catalogue versions in the database: each period file given to bettercare (shipped with a
release, added with ``bettercare catalogue add`` or uploaded by a national administrator) is kept
whole as a numbered version with its author. The newest version of a period is in force; adding
one is all or nothing (checked first, then recorded and mirrored in one transaction), and nothing
earlier is changed, so figures keep the definition they were computed with."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.db.models import Max

from bettercare.catalogue import Problem, check_period_text
from bettercare.catalogue.lined import plain
from bettercare.catalogue.loader import ROOT, packaged_periods

from .models import CatalogueVersion

RELEASE_AUTHOR = "bettercare release (shipped catalogue file)"


class CatalogueRefused(ValueError):
    """A period file broke the catalogue rules; nothing was recorded."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        plural = "s" if count != 1 else ""
        super().__init__(f"the catalogue file was refused ({count} problem{plural}); nothing was loaded")


@dataclass(frozen=True)
class AddResult:
    version: CatalogueVersion
    created: bool  # False when the text equals the version already in force


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def newest(period_code: str) -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(period_code=period_code).order_by("-version").first()


class DatabaseSource:
    """The catalogue loader's source of recorded versions (installed when the apps are ready).

    Before the first migration the table does not exist: the loader then falls back to the
    shipped files (the query runs in a savepoint so a surrounding transaction is unharmed)."""

    def codes(self) -> list[str]:
        try:
            with transaction.atomic():
                return list(CatalogueVersion.objects.order_by().values_list("period_code", flat=True).distinct())
        except DatabaseError:
            return []

    def text(self, code: str) -> tuple[str, str] | None:
        try:
            with transaction.atomic():
                version = newest(code)
        except DatabaseError:
            return None
        if version is None:
            return None
        return f"{version.file_name} (catalogue version {version.version})", version.content


def _author_name(author) -> str:
    return author.get_username() if author is not None else RELEASE_AUTHOR


@transaction.atomic
def add_version(text: str, file_name: str, author, origin: str, note: str = "") -> AddResult:
    """Check a period file and record it as the next version of its period, then mirror it into
    the reference tables. Refused (``CatalogueRefused`` with every problem) before anything is
    written. ``author`` is a user, or None for a file shipped with a release."""
    if author is not None and not may_manage_catalogue(author):
        raise PermissionDenied("Only national administrators may add catalogue versions.")
    doc, problems = check_period_text(text, file_name)
    if problems:
        raise CatalogueRefused(problems)
    code = str(doc["period"])
    current = newest(code)
    if current is not None and current.digest == digest(text):
        return AddResult(current, created=False)
    number = (CatalogueVersion.objects.filter(period_code=code).aggregate(top=Max("version"))["top"] or 0) + 1
    version = CatalogueVersion(
        period_code=code,
        version=number,
        file_name=file_name,
        content=text,
        digest=digest(text),
        origin=origin,
        author=author,
        author_name=_author_name(author),
        note=note,
    )
    version.full_clean()
    version.save()
    from .mirror import mirror_version

    mirror_version(version, plain(doc))
    return AddResult(version, created=True)


def record_release(code: str) -> CatalogueVersion | None:
    """Record the shipped file of a period as a version unless that exact text is recorded."""
    if code not in packaged_periods():
        return None
    path = ROOT / "periods" / f"{code}.yaml"
    text = path.read_text(encoding="utf-8")
    known = CatalogueVersion.objects.filter(period_code=code, digest=digest(text)).first()
    if known is not None:
        return known
    return add_version(text, path.name, None, "release").version


def may_manage_catalogue(user) -> bool:
    """National administrators (the national team, or a superuser) add catalogue versions."""
    from bettercare.accounts.access import is_national

    return bool(user is not None and user.is_authenticated and is_national(user))


def recorded_versions() -> dict[str, dict[str, object]]:
    """The version in force per period: number, author and when it was added."""
    rows: dict[str, dict[str, object]] = {}
    for version in CatalogueVersion.objects.order_by("period_code", "version"):
        rows[version.period_code] = {
            "version": version.version,
            "author": version.author_name,
            "added_at": version.created_at.isoformat(timespec="seconds"),
        }
    return rows
