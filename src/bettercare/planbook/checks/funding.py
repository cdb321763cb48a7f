"""Checks of the pooled fund: totals, streams and localities (primer s2; seed 001)."""

from bettercare.indicators.periods import FinancialYear

from ..formatting import money
from .context import ZERO, CheckContext, locality_label
from .registry import Reporter, rule


def _stream_titles(ctx: CheckContext) -> dict[str | None, str]:
    titles: dict[str | None, str] = {None: "no funding stream"}
    for contribution in ctx.contributions:
        titles[contribution.stream.code] = contribution.stream.title
    for line in ctx.spend_lines():
        stream = line.funding_stream or line.scheme.funding_stream
        if stream:
            titles[stream.code] = stream.title
    return titles


def _plan_years(ctx: CheckContext) -> list[FinancialYear]:
    """Years the expenditure checks judge: the period's years, plus any year with scheme spend."""
    return sorted(set(ctx.plan.period.years) | {line.financial_year for line in ctx.spend_lines()})


@rule("FUND-001", "error", "Contributions by partner add up to the plan total stated for each year")
def contributions_match_plan_total(ctx: CheckContext, out: Reporter) -> None:
    """Rule: for every stated plan total (StatedTotal kinds listed in ``plan_total_kinds``) and every
    whole-fund budget line of the finance monitoring, the sum of the year's contributions equals it."""
    compared = 0
    kinds = ctx.rules.data["plan_total_kinds"]
    for field, field_kinds in (
        ("amount", kinds.get("amount") or []),
        ("actual_amount", kinds.get("actual_amount") or []),
    ):
        for total in ctx.stated_totals:
            if total.kind not in field_kinds or total.locality_id is not None or not total.financial_year:
                continue
            compared += 1
            found = ctx.contribution_total(total.financial_year, field)
            if ctx.differs(total.amount, found):
                what = "actual contributions" if field == "actual_amount" else "contributions"
                out.fail(
                    f"Income, {total.financial_year}: {total.label or total.kind}",
                    f"The {what} by partner add up to {money(found)}, but the plan states a total of "
                    f"{money(total.amount)} (difference {money(found - total.amount)}).",
                    expected=total.amount,
                    found=found,
                    section="contributions",
                    financial_year=total.financial_year,
                    stated_total=total.label or total.kind,
                )
    for line in ctx.finance_lines:
        if line.budget is None or line.organisation_id or line.stream_id or line.scheme_id:
            continue
        year = line.quarter.financial_year
        compared += 1
        found = ctx.contribution_total(year)
        if ctx.differs(line.budget, found):
            out.fail(
                f"Finance monitoring, {line.quarter}: {line.line or 'total budget'}",
                f"The {year} contributions add up to {money(found)}, but the budget in the {line.quarter} "
                f"finance monitoring is {money(line.budget)} (difference {money(found - line.budget)}).",
                expected=line.budget,
                found=found,
                section="finance",
                quarter=line.quarter,
            )
    if not compared:
        out.not_assessed("The plan states no total for any year to compare the contributions with.")


@rule("FUND-002", "error", "Income from each funding stream equals the planned spend from that stream")
def income_matches_spend_by_stream(ctx: CheckContext, out: Reporter) -> None:
    """Rule: for each year and income stream, contributions from the stream equal the scheme spend
    funded by it (a spend line's stream, else its scheme's; grouped streams per ``stream_groups``)."""
    if not ctx.has_scheme_spend:
        out.not_assessed("No scheme spend is recorded, so income cannot be matched with expenditure.")
        return
    titles = _stream_titles(ctx)
    for year in _plan_years(ctx):
        income = ctx.contributions_by(lambda c: c.stream.code, year)
        spend = ctx.spend_by(lambda line: ctx.rules.group_of(ctx.line_stream(line) or ""), year)
        unassigned = spend.pop("", ZERO)
        if unassigned:
            out.fail(
                f"Expenditure, {year}: spend with no funding stream",
                f"{money(unassigned)} of planned spend in {year} is not assigned to a funding stream.",
                expected=ZERO,
                found=unassigned,
                section="schemes",
                financial_year=year,
            )
        for stream in sorted(set(income) | set(spend)):
            planned = spend.get(stream, ZERO)
            received = income.get(stream, ZERO)
            if ctx.differs(received, planned):
                out.fail(
                    f"Income and expenditure, {year}: {titles.get(stream, stream)}",
                    f"Income from {titles.get(stream, stream)} in {year} is {money(received)}, but schemes plan to "
                    f"spend {money(planned)} from it (difference {money(planned - received)}).",
                    expected=received,
                    found=planned,
                    section="schemes",
                    financial_year=year,
                    stream=stream,
                )


@rule("FUND-003", "error", "Scheme spend in each locality equals that locality's contribution")
def spend_matches_contribution_by_locality(ctx: CheckContext, out: Reporter) -> None:
    """Rule: where a year's fund is pooled by locality (contributions carry localities and every
    locality with scheme spend has its own contribution), each locality's scheme spend equals its
    contribution; countywide spend equals the countywide contribution (seed 001)."""
    if not ctx.has_scheme_spend:
        out.not_assessed("No scheme spend is recorded, so spend cannot be matched with contributions.")
        return
    for year in _plan_years(ctx):
        contributions = [c for c in ctx.contributions if c.financial_year == year]
        lines = ctx.spend_lines(year)
        if not lines:
            continue
        contributed = {c.locality_id for c in contributions}
        spending = {line.scheme.locality_id for line in lines if ctx.line_total(line)}
        missing = sorted(
            {
                locality_label(line.scheme.locality)
                for line in lines
                if line.scheme.locality_id in spending - contributed
            }
        )
        if not any(contributed - {None}) or missing:
            reason = f"In {year} the fund is not pooled by locality"
            if missing:
                reason += f" ({', '.join(missing)} plan spend but make no contribution of their own)"
            out.not_assessed(reason + ".", location=f"Expenditure, {year}")
            continue
        income = ctx.contributions_by(lambda c: c.locality, year)
        spend = ctx.spend_by(lambda line: line.scheme.locality, year)
        for locality in sorted(set(income) | set(spend), key=lambda loc: (loc is None, loc.name if loc else "")):
            received, planned = income.get(locality, ZERO), spend.get(locality, ZERO)
            if ctx.differs(received, planned):
                label = locality_label(locality)
                out.fail(
                    f"Expenditure, {year}: {label}",
                    f"{label}: schemes plan to spend {money(planned)} in {year} against a contribution of "
                    f"{money(received)} (difference {money(planned - received)}).",
                    expected=received,
                    found=planned,
                    section="schemes",
                    financial_year=year,
                    locality=locality.code if locality else "",
                )


@rule("FUND-004", "warning", "Stated scheme subtotals and totals equal the sum of their lines")
def stated_scheme_totals_add_up(ctx: CheckContext, out: Reporter) -> None:
    """Rule: a subtotal as printed (StatedTotal kinds in ``scheme_total_kinds``) equals the sum of the
    scheme lines it covers: one locality's schemes, or every scheme when it has no locality."""
    kinds = ctx.rules.data["scheme_total_kinds"] or {}
    for total in ctx.stated_totals:
        spec = kinds.get(total.kind)
        if not spec:
            continue
        found = sum(
            (
                getattr(line, spec["part"]) or ZERO
                for line in ctx.finances
                if line.kind == spec["finance"]
                and line.financial_year == total.financial_year
                and (total.locality_id is None or line.scheme.locality_id == total.locality_id)
            ),
            ZERO,
        )
        if ctx.differs(total.amount, found):
            scope = locality_label(total.locality) if total.locality_id else "all schemes"
            what = total.kind.replace("_", " ")
            out.fail(
                f"Expenditure, {total.financial_year}: {scope}, stated {what}",
                f"The stated {what} for {scope} in {total.financial_year} is {money(total.amount)}, but the "
                f"scheme lines add up to {money(found)} (difference {money(found - total.amount)}).",
                expected=total.amount,
                found=found,
                section="stated_totals",
                financial_year=total.financial_year,
                locality=total.locality.code if total.locality_id else "",
                kind=total.kind,
            )
