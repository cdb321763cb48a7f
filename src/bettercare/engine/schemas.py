"""Extract schemas (version 1): the columns the engine reads, their types and rules.

Each extract is one CSV (header row, UTF-8) or Parquet file named ``<extract>.csv`` /
``<extract>.parquet`` in the input folder. Ingest checks every row against these rules and stops
at the first broken one with a message naming the file, row, column and rule; it then writes the
normalised columns (``store_as`` names, typed) to Parquet, replacing NHS numbers by ``person_id``.

Kinds: ``text`` free text; ``code`` upper-cased, checked against ``pattern``; ``choice`` lower-cased,
one of ``values``; ``int``; ``date`` (YYYY-MM-DD or DD/MM/YYYY); ``month`` (YYYY-MM, stored as the
first day); ``flag`` (Y/N, yes/no, true/false, 1/0); ``nhs_number`` (10 digits, spaces or hyphens
allowed, modulus 11 check digit); ``icd10`` (dots and fillers removed, e.g. ``J44.1`` -> ``J441``);
``age_band`` (``A-B`` or ``A+``, stored as ``age_from`` / ``age_to``, ``age_to`` = 999 when open).
"""

from __future__ import annotations

from dataclasses import dataclass, field

SCHEMA_VERSION = 1
OPEN_AGE = 999  # age_to of an open-ended band such as 90+

GSS_UPPER_TIER = r"E(06|08|09|10)[0-9]{6}"  # unitary, metropolitan district, London borough, county
LSOA = r"[EW]01[0-9]{6}"
ODS_CODE = r"[A-Z0-9]{3,6}"
GP_PRACTICE = r"[A-Z][0-9]{5}"
ICD10 = r"[A-Z][0-9]{2}[0-9A-Z]{0,4}"
NHS_CODE = r"[0-9A-Z]{2}"
LOCALITY = r"[A-Za-z0-9_.-]{1,30}"


@dataclass(frozen=True)
class Column:
    """One column of an extract and the rules its values must keep."""

    name: str
    kind: str
    description: str
    required: bool = True
    pattern: str | None = None
    values: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    store_as: str | None = None

    @property
    def stored(self) -> str:
        """The column's name in the ingested Parquet."""
        if self.kind == "nhs_number":
            return "person_id"
        return self.store_as or self.name


@dataclass(frozen=True)
class RowRule:
    """A rule across columns; ``bad_sql`` is true for a breaking row (over stored names)."""

    name: str
    column: str
    description: str
    bad_sql: str


@dataclass(frozen=True)
class ExtractSchema:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    row_rules: tuple[RowRule, ...] = field(default_factory=tuple)
    version: int = SCHEMA_VERSION

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


ADMISSIONS = ExtractSchema(
    name="admissions",
    title="Inpatient admissions (SUS admitted patient care, one row per hospital provider spell)",
    description="Spells of residents; codes as in the NHS Data Dictionary.",
    columns=(
        Column("nhs_number", "nhs_number", "NHS number (pseudonymised on ingest)"),
        Column("age", "int", "Age in years at admission", minimum=0, maximum=120),
        Column("sex", "code", "Person stated gender code: 1 male, 2 female, 9 indeterminate, 0 not known",
               values=("0", "1", "2", "9")),
        Column("residence_la_code", "code", "GSS code of the upper-tier LA (HWB) of residence",
               pattern=GSS_UPPER_TIER, store_as="area_code"),
        Column("lsoa_code", "code", "LSOA of residence (sets the locality)", required=False, pattern=LSOA),
        Column("gp_practice_code", "code", "Registered GP practice (ODS)", required=False, pattern=GP_PRACTICE),
        Column("commissioner_code", "code", "CCG / sub-ICB / ICB of responsibility (ODS)", required=False,
               pattern=ODS_CODE),
        Column("provider_code", "code", "Hospital provider (ODS)", required=False, pattern=ODS_CODE),
        Column("admission_date", "date", "Start date of the hospital provider spell"),
        Column("admission_method", "code", "Admission method (11-13 elective, 21-2D emergency, 31-32 maternity, "
               "81-83 other)", pattern=NHS_CODE),
        Column("admission_source", "code", "Admission source (19 usual residence; 54, 65, 85 care home)",
               required=False, pattern=NHS_CODE),
        Column("discharge_date", "date", "End date of the spell; blank while in hospital", required=False),
        Column("discharge_destination", "code", "Discharge destination (19 usual residence, 79 died, ...)",
               required=False, pattern=NHS_CODE),
        Column("primary_diagnosis", "icd10", "Primary diagnosis, ICD-10", pattern=ICD10),
        Column("external_cause", "icd10", "External cause code, ICD-10 chapter XX (V01-Y98)", required=False,
               pattern=r"[V-Y][0-9]{2}[0-9A-Z]{0,4}"),
    ),
    row_rules=(
        RowRule("discharge on or after admission", "discharge_date",
                "discharge_date is before admission_date", "discharge_date < admission_date"),
    ),
)

SOCIAL_CARE_EVENTS = ExtractSchema(
    name="social_care_events",
    title="Adult social care events (client level data / SALT)",
    description="Permanent admissions to residential or nursing care and reablement episodes.",
    columns=(
        Column("nhs_number", "nhs_number", "NHS number (pseudonymised on ingest); blank if not known",
               required=False),
        Column("age", "int", "Age in years at the event", minimum=0, maximum=120),
        Column("la_code", "code", "GSS code of the responsible upper-tier LA (HWB)", pattern=GSS_UPPER_TIER,
               store_as="area_code"),
        Column("event_type", "choice", "Event", values=(
            "permanent_residential", "permanent_nursing", "reablement_start", "reablement_end")),
        Column("event_date", "date", "Date of the admission, or of the reablement start / end"),
        Column("from_hospital", "flag", "Reablement start follows a discharge from hospital", required=False),
        Column("status_91", "choice", "Where the person was 91 days after a reablement start; blank if not "
               "yet known", required=False, values=("at_home", "not_at_home", "died")),
    ),
)

DELAYED_DAYS = ExtractSchema(
    name="delayed_days",
    title="Delayed transfers of care (monthly sitrep, delayed days)",
    description="Delayed days of patients aged 18+ by provider, responsible LA, month and attribution.",
    columns=(
        Column("provider_code", "code", "Provider (ODS)", pattern=ODS_CODE),
        Column("la_code", "code", "GSS code of the responsible upper-tier LA (HWB)", pattern=GSS_UPPER_TIER,
               store_as="area_code"),
        Column("month", "month", "Month (YYYY-MM)"),
        Column("attribution", "choice", "Organisation responsible for the delay",
               values=("nhs", "social_care", "both")),
        Column("reason", "text", "Reason for the delay (sitrep reason code)", required=False),
        Column("delayed_days", "int", "Delayed days in the month", minimum=0, maximum=1_000_000),
    ),
)

DISCHARGE_READY = ExtractSchema(
    name="discharge_ready",
    title="Discharge ready date records (acute discharges)",
    description="One row per acute discharge, with the date the patient was ready to go.",
    columns=(
        Column("nhs_number", "nhs_number", "NHS number (pseudonymised on ingest)"),
        Column("age", "int", "Age in years at discharge", minimum=0, maximum=120),
        Column("residence_la_code", "code", "GSS code of the upper-tier LA (HWB) of residence",
               pattern=GSS_UPPER_TIER, store_as="area_code"),
        Column("lsoa_code", "code", "LSOA of residence (sets the locality)", required=False, pattern=LSOA),
        Column("provider_code", "code", "Hospital provider (ODS)", required=False, pattern=ODS_CODE),
        Column("discharge_ready_date", "date", "Date the patient was clinically ready for discharge"),
        Column("discharge_date", "date", "Date of discharge"),
    ),
)

POPULATIONS = ExtractSchema(
    name="populations",
    title="Populations by area, locality and age band (ONS mid-year estimates)",
    description=(
        "Bands must cover ages 0 to an open band without gaps or overlaps for each area / locality / year; "
        "no band may straddle 18 or 65; from 65 the bands are ESP2013's 65-69 ... 85-89, 90+. "
        "Rows with a blank locality_code are the whole area and are required."
    ),
    columns=(
        Column("area_code", "code", "GSS code of the upper-tier LA (HWB)", pattern=GSS_UPPER_TIER),
        Column("locality_code", "text", "Locality within the area; blank for the whole area", required=False,
               pattern=LOCALITY),
        Column("year", "int", "Mid-year estimate year", minimum=1990, maximum=2100),
        Column("age_band", "age_band", "Age band, e.g. 0-4, 15-17, 90+"),
        Column("population", "int", "Population", minimum=0, maximum=20_000_000),
    ),
    row_rules=(
        RowRule("no band straddles 18", "age_band", "the band straddles age 18 (split it at 18)",
                "age_from < 18 AND age_to >= 18"),
        RowRule("no band straddles 65", "age_band", "the band straddles age 65 (split it at 65)",
                "age_from < 65 AND age_to >= 65"),
        RowRule("ESP2013 bands from 65", "age_band",
                "bands from 65 must be 65-69, 70-74, 75-79, 80-84, 85-89 and 90+",
                f"age_from >= 65 AND NOT ((age_from < 90 AND age_from % 5 = 0 AND age_to = age_from + 4) "
                f"OR (age_from = 90 AND age_to = {OPEN_AGE}))"),
    ),
)

LOCALITIES = ExtractSchema(
    name="localities",
    title="Localities: LSOA to locality lookup",
    description="Each LSOA of an area belongs to one locality (e.g. a CCG area or district).",
    columns=(
        Column("area_code", "code", "GSS code of the upper-tier LA (HWB)", pattern=GSS_UPPER_TIER),
        Column("locality_code", "text", "Locality code", pattern=LOCALITY),
        Column("locality_name", "text", "Locality name"),
        Column("lsoa_code", "code", "LSOA", pattern=LSOA),
    ),
)

SCHEMAS: dict[str, ExtractSchema] = {
    s.name: s for s in (ADMISSIONS, SOCIAL_CARE_EVENTS, DELAYED_DAYS, DISCHARGE_READY, POPULATIONS, LOCALITIES)
}


def stored_columns(schema: ExtractSchema) -> list[str]:
    """Column names of the ingested Parquet for an extract, in order."""
    names: list[str] = []
    for column in schema.columns:
        if column.kind == "age_band":
            names += [column.name, "age_from", "age_to"]
        else:
            names.append(column.stored)
    return names


def describe(schema: ExtractSchema) -> str:
    """A Markdown table of the schema's columns (``bettercare engine schemas``)."""
    lines = [f"### {schema.name} (v{schema.version}): {schema.title}", "", schema.description, "",
             "| column | kind | required | rule | description |", "|---|---|---|---|---|"]
    for c in schema.columns:
        rule = c.pattern or ", ".join(c.values)
        if c.minimum is not None:
            rule = f"{c.minimum}..{c.maximum}"
        stored = f" (stored as `{c.stored}`)" if c.stored != c.name else ""
        rule = rule.replace("|", "\\|")
        lines.append(f"| `{c.name}` | {c.kind} | {'yes' if c.required else 'no'} | {rule} | {c.description}{stored} |")
    for r in schema.row_rules:
        lines.append(f"| (row) | rule | | {r.name} | {r.description} |")
    return "\n".join(lines)
