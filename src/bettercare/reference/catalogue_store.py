"""Catalogue versions in the database: each period file given to bettercare (shipped with a
release, added with ``bettercare catalogue add`` or uploaded by a national administrator) is kept
whole as a numbered version with its author. The newest version of a period is in force; adding
one is all or nothing (checked first, then recorded and mirrored in one transaction), and nothing
earlier is changed, so figures keep the definition they were computed with."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db import DatabaseError, transaction

from bettercare.catalogue import Problem

from .data_version import per_version
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
        return per_version("catalogue_codes", (), self._recorded_codes)

    def _recorded_codes(self) -> list[str]:
        try:
            with transaction.atomic():
                return list(CatalogueVersion.objects.order_by().values_list("period_code", flat=True).distinct())
        except DatabaseError:
            return []

    def text(self, code: str) -> tuple[str, str] | None:
        return per_version("catalogue_text", (code,), lambda: self._newest_text(code))

    def _newest_text(self, code: str) -> tuple[str, str] | None:
        try:
            with transaction.atomic():
                version = newest(code)
        except DatabaseError:
            return None
        if version is None:
            return None
        return f"{version.file_name} (catalogue version {version.version})", version.content


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
