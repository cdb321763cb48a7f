"""House style and editable wording of the documents, per HWB, as YAML files.

Look-up order (later files override earlier ones, key by key):
1. ``reports/house_styles/default.yaml`` (shipped defaults);
2. ``reports/house_styles/<GSS code>.yaml`` (shipped for the demo HWBs);
3. ``<dir>/default.yaml`` and ``<dir>/<GSS code>.yaml`` where ``<dir>`` is the environment variable
   ``BETTERCARE_HOUSE_STYLES`` or the Django setting of the same name (a council's own files);
4. a file given explicitly (``bettercare report paper --style FILE``).

Wording that only a person can write (purpose, policy framework, recommendations, officer to
contact) lives here, never in code. Paragraphs may use placeholders: {area}, {board},
{organisation}, {quarter}, {quarter_label}, {financial_year}, {plan_title}, {meeting_date} and
{rag_summary} (the metrics' RAG ratings counted from the data, e.g. "three rated green and one
amber"). ``paper.quarters.<quarter>`` holds wording for one quarter only (it replaces the keys it
names for that quarter's paper)."""

from __future__ import annotations

import base64
import mimetypes
import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .typefaces import DOCUMENT_FONT

SHIPPED = Path(__file__).resolve().parent / "house_styles"
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
FONTS = re.compile(r"[A-Za-z0-9 ,\-]+")


class HouseStyleError(ValueError):
    """A house-style file that cannot be used; the message names the file and the rule broken."""


@dataclass
class HouseStyle:
    organisation: str
    board: str
    report_of: str
    logo_uri: str
    logo_alt: str
    colours: dict[str, str]
    font_family: str
    partner_labels: dict[str, str]
    meetings: dict[str, date]
    paper: dict[str, Any]
    plan_on_a_page: dict[str, Any]
    files: list[str] = field(default_factory=list)

    def meeting_date(self, quarter: str) -> date | None:
        """The board meeting that takes the quarter's paper, when the house style names it."""
        return self.meetings.get(quarter)

    def partner_label(self, code: str, name: str) -> str:
        """A partner's column heading: its configured label, else its name."""
        return self.partner_labels.get(code, name)


class _Keep(dict):
    """format_map helper: unknown placeholders stay as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, Any]) -> str:
    """Replace the {placeholders} of a configured paragraph."""
    return str(text).format_map(_Keep(values))


def fill_all(paragraphs: list[str] | None, values: dict[str, Any]) -> list[str]:
    """Every configured paragraph filled; blank ones dropped."""
    return [fill(p, values) for p in paragraphs or [] if str(p).strip()]


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise HouseStyleError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(data, dict):
        raise HouseStyleError(f"{path}: the file must hold a mapping of settings, not {type(data).__name__}")
    for key in ("logo",):
        if data.get(key) and not Path(str(data[key])).is_absolute():
            data[key] = str((path.parent / str(data[key])).resolve())
    return data


def _override_dir() -> Path | None:
    value = os.environ.get("BETTERCARE_HOUSE_STYLES")
    if not value:
        try:
            from django.conf import settings

            value = getattr(settings, "BETTERCARE_HOUSE_STYLES", None)
        except ImportError:
            value = None
    return Path(value) if value else None


def candidate_files(gss_code: str, extra: Path | None = None) -> list[Path]:
    """The files that make up an HWB's house style, in the order they apply."""
    paths = [SHIPPED / "default.yaml", SHIPPED / f"{gss_code}.yaml"]
    own = _override_dir()
    if own is not None:
        paths += [own / "default.yaml", own / f"{gss_code}.yaml"]
    found = [p for p in paths if p.is_file()]
    if extra is not None:
        if not extra.is_file():
            raise HouseStyleError(f"{extra}: house-style file not found")
        found.append(extra)
    return found


def _logo(path_text: str, source: str) -> str:
    if not path_text:
        return ""
    path = Path(path_text)
    if not path.is_file():
        raise HouseStyleError(f"{source}: logo {path} not found")
    kind = mimetypes.guess_type(path.name)[0]
    if kind not in ("image/svg+xml", "image/png", "image/jpeg"):
        raise HouseStyleError(f"{source}: logo {path.name} must be SVG, PNG or JPEG")
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _meetings(raw: dict[str, Any], source: str) -> dict[str, date]:
    meetings = {}
    for quarter, value in (raw or {}).items():
        if isinstance(value, date):
            meetings[str(quarter)] = value
            continue
        try:
            meetings[str(quarter)] = date.fromisoformat(str(value))
        except ValueError as error:
            raise HouseStyleError(f"{source}: meetings.{quarter} must be a date like 2018-09-27") from error
    return meetings


def load_house_style(gss_code: str, extra: Path | str | None = None) -> HouseStyle:
    """The merged house style of an HWB (see the module docstring for the look-up order)."""
    files = candidate_files(gss_code, Path(extra) if extra else None)
    data: dict[str, Any] = {}
    for path in files:
        data = _merge(data, _read(path))
    source = files[-1].name if files else "house style"
    colours = {str(k): str(v) for k, v in (data.get("colours") or {}).items()}
    for name, value in colours.items():
        if not COLOUR.fullmatch(value):
            raise HouseStyleError(f"{source}: colours.{name} must be a colour like #1d70b8, not {value!r}")
    font_family = str(data.get("font_family") or DOCUMENT_FONT)
    if not FONTS.fullmatch(font_family):
        raise HouseStyleError(f"{source}: font_family may hold only font names and commas, not {font_family!r}")
    return HouseStyle(
        organisation=str(data.get("organisation") or ""),
        board=str(data.get("board") or "Health and Wellbeing Board"),
        report_of=str(data.get("report_of") or ""),
        logo_uri=_logo(str(data.get("logo") or ""), source),
        logo_alt=str(data.get("logo_alt") or data.get("organisation") or ""),
        colours=colours,
        font_family=font_family,
        partner_labels={str(k): str(v) for k, v in (data.get("partner_labels") or {}).items()},
        meetings=_meetings(data.get("meetings") or {}, source),
        paper=dict(data.get("paper") or {}),
        plan_on_a_page=dict(data.get("plan_on_a_page") or {}),
        files=[str(p) for p in files],
    )
