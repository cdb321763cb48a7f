"""Checks of minimum contributions, ring-fences and the Disabled Facilities Grant (primer s2, s5).
Amounts come from ``catalogue/rules/plans/<period>.yaml``; none is invented here."""

from decimal import Decimal

from bettercare.indicators.periods import FinancialYear

from ..formatting import money
from .context import ZERO, CheckContext
from .registry import Reporter, rule

NOT_CONFIGURED = "not assessed (amount not configured)"


def _period_years(ctx: CheckContext) -> list[FinancialYear]:
    return list(ctx.plan.period.years)


@rule("FUND-005", "error", "Minimum contributions are met")
def minimum_contributions_met(ctx: CheckContext, out: Reporter) -> None:
    """Rule: (a) a partner's actual contribution to a minimum stream is at least the minimum;
    (b) the year's contributions are at least the minimum the plan states (``minimum_total_kinds``)
    and (c) at least the HWB's configured minimum (``amounts.hwb_minimum``)."""
    assessed = False
    minimum_streams = set(ctx.rules.list("minimum_streams"))
    for contribution in ctx.contributions:
        if contribution.stream.code not in minimum_streams or contribution.actual_amount is None:
            continue
        assessed = True
        if contribution.actual_amount < contribution.amount:
            out.fail(
                f"Income, {contribution.financial_year}: {contribution.organisation.name}, {contribution.stream.title}",
                f"{contribution.organisation.name}'s actual contribution {money(contribution.actual_amount)} is below "
                f"its minimum of {money(contribution.amount)}.",
                expected=contribution.amount,
                found=contribution.actual_amount,
                section="contributions",
                financial_year=contribution.financial_year,
                organisation=contribution.organisation.code,
                stream=contribution.stream.code,
            )
    minimum_kinds = set(ctx.rules.list("minimum_total_kinds"))
    for total in ctx.stated_totals:
        if total.kind not in minimum_kinds or not total.financial_year:
            continue
        assessed = True
        found = ctx.contribution_total(total.financial_year)
        if found < total.amount:
            out.fail(
                f"Income, {total.financial_year}: {total.label or total.kind}",
                f"Contributions in {total.financial_year} add up to {money(found)}, below the stated minimum of "
                f"{money(total.amount)}.",
                expected=total.amount,
                found=found,
                section="contributions",
                financial_year=total.financial_year,
            )
    for year in _period_years(ctx):
        required = ctx.rules.amount("hwb_minimum", ctx.gss_code, year)
        if required is None:
            continue
        assessed = True
        found = ctx.contribution_total(year)
        if found < required.value:
            out.fail(
                f"Income, {year}: minimum required contribution",
                f"Contributions in {year} add up to {money(found)}, below the minimum required contribution of "
                f"{money(required.value)} ({required.source}).",
                expected=required.value,
                found=found,
                section="contributions",
                financial_year=year,
            )
    if not assessed:
        out.not_assessed(f"Minimum contributions: {NOT_CONFIGURED}.")


def _spend_on(ctx: CheckContext, year: str, streams: set[str], keep) -> Decimal:
    return sum(
        (
            ctx.line_total(line)
            for line in ctx.spend_lines(year)
            if ctx.line_stream(line) in streams and keep(line.scheme)
        ),
        ZERO,
    )


def _required_amount_rule(ctx: CheckContext, out: Reporter, name: str, keep, describe: str) -> None:
    """Shared shape of the ring-fence rules: spend from the NHS minimum on the schemes ``keep``
    selects must reach the configured amount for the year."""
    if not ctx.has_scheme_spend:
        out.not_assessed("No scheme spend is recorded.")
        return
    streams = set(ctx.rules.list("nhs_minimum_streams"))
    for year in _period_years(ctx):
        required = ctx.rules.amount(name, ctx.gss_code, year)
        if required is None:
            out.not_assessed(f"{ctx.rules.amount_title(name)}: {NOT_CONFIGURED}.", location=f"Expenditure, {year}")
            continue
        found = _spend_on(ctx, year, streams, keep)
        if found < required.value:
            out.fail(
                f"Expenditure, {year}: {ctx.rules.amount_title(name)}",
                f"Planned spend {describe} in {year} is {money(found)}, below the required {money(required.value)} "
                f"({required.source}).",
                expected=required.value,
                found=found,
                section="schemes",
                financial_year=year,
            )


@rule("FUND-006", "error", "The NHS minimum contribution to adult social care is at least the required amount")
def nhs_contribution_to_social_care(ctx: CheckContext, out: Reporter) -> None:
    """Rule: spend from the NHS minimum on social-care schemes reaches the configured amount; and
    where the uplift is configured, it grows on the year before by at least the uplift (primer s5)."""
    areas = set(ctx.rules.list("social_care_areas"))

    def social_care(scheme) -> bool:
        return scheme.area_of_spend in areas

    _required_amount_rule(ctx, out, "nhs_minimum_to_asc", social_care, "from the NHS minimum on adult social care")
    if not ctx.has_scheme_spend:
        return
    streams = set(ctx.rules.list("nhs_minimum_streams"))
    years = _period_years(ctx)
    for previous, year in zip(years, years[1:], strict=False):
        uplift = ctx.rules.uplift(year)
        before = _spend_on(ctx, previous, streams, social_care)
        if uplift is None or not before:
            continue
        required = (before * (1 + uplift.value)).quantize(Decimal("1"))
        found = _spend_on(ctx, year, streams, social_care)
        if found < required:
            out.fail(
                f"Expenditure, {year}: NHS contribution to adult social care",
                f"NHS spend on adult social care in {year} is {money(found)}; maintained in line with the "
                f"{uplift.value:.2%} uplift it should be at least {money(required)} ({uplift.source}).",
                expected=required,
                found=found,
                section="schemes",
                financial_year=year,
            )


@rule("FUND-007", "error", "The ring-fenced NHS out-of-hospital investment is met")
def out_of_hospital_ringfence(ctx: CheckContext, out: Reporter) -> None:
    """Rule: spend from the NHS minimum on out-of-hospital schemes (``out_of_hospital_areas``)
    reaches the configured ring-fence (primer s5, national condition 3 of 2017-19)."""
    areas = set(ctx.rules.list("out_of_hospital_areas"))
    _required_amount_rule(
        ctx, out, "out_of_hospital_ringfence", lambda s: s.area_of_spend in areas, "on NHS out-of-hospital services"
    )


@rule("FUND-008", "error", "Carers' breaks, reablement and Care Act amounts are met")
def carers_reablement_care_act(ctx: CheckContext, out: Reporter) -> None:
    """Rule: spend from the NHS minimum on carers' and reablement schemes
    (``carers_reablement_scheme_types``) reaches the configured amount (primer s2)."""
    types = set(ctx.rules.list("carers_reablement_scheme_types"))
    _required_amount_rule(
        ctx,
        out,
        "carers_reablement_care_act",
        lambda s: s.scheme_type is not None and s.scheme_type.code in types,
        "on carers' breaks, reablement and Care Act duties",
    )


def _dfg(ctx: CheckContext) -> tuple[set[str], set[str]]:
    setting = ctx.rules.data["dfg"] or {}
    return {str(s) for s in setting.get("streams") or []}, {str(t) for t in setting.get("scheme_types") or []}


@rule("FUND-009", "error", "The Disabled Facilities Grant is allocated to DFG schemes")
def dfg_on_dfg_schemes(ctx: CheckContext, out: Reporter) -> None:
    """Rule: spend from the DFG goes only to DFG-related schemes, and where DFG income is stated it
    equals the spend on DFG-related schemes in that year (primer s2)."""
    streams, types = _dfg(ctx)
    dfg_income = any(c.stream.code in streams for c in ctx.contributions)
    dfg_spend = any(ctx.line_stream(line) in streams for line in ctx.spend_lines())
    if not (dfg_income or dfg_spend):
        return
    if not ctx.has_scheme_spend:
        out.not_assessed("DFG income is stated but no scheme spend is recorded.")
        return
    for line in ctx.spend_lines():
        scheme = line.scheme
        if (
            ctx.line_stream(line) in streams
            and ctx.line_total(line)
            and (scheme.scheme_type is None or scheme.scheme_type.code not in types)
        ):
            out.fail(
                f"Scheme {scheme.ref}, {line.financial_year}",
                f"Scheme {scheme.ref} ({scheme.name}) spends {money(ctx.line_total(line))} of DFG in "
                f"{line.financial_year} but its scheme type is {scheme.scheme_type or 'not set'}, "
                "not a DFG scheme type.",
                expected="DFG related schemes",
                found=str(scheme.scheme_type or "not set"),
                section="schemes",
                scheme=scheme.ref,
                financial_year=line.financial_year,
            )
    for year in _period_years(ctx):
        income = sum(
            (c.amount for c in ctx.contributions if c.financial_year == year and c.stream.code in streams), ZERO
        )
        if not income:
            continue
        spent = sum(
            (
                ctx.line_total(line)
                for line in ctx.spend_lines(year)
                if line.scheme.scheme_type is not None and line.scheme.scheme_type.code in types
            ),
            ZERO,
        )
        if ctx.differs(income, spent):
            out.fail(
                f"Expenditure, {year}: Disabled Facilities Grant",
                f"DFG income in {year} is {money(income)}, but DFG-related schemes plan to spend {money(spent)}.",
                expected=income,
                found=spent,
                section="schemes",
                financial_year=year,
            )


@rule("FUND-010", "warning", "In two-tier areas the DFG is passed to the district councils")
def dfg_passed_to_districts(ctx: CheckContext, out: Reporter) -> None:
    """Rule: in a two-tier area (``dfg.two_tier_area_kinds``) with DFG money, a DFG-related scheme
    names the district councils (as recipient, lead provider or commissioner) (primer s2, s5)."""
    setting = ctx.rules.data["dfg"] or {}
    if ctx.plan.area.kind not in set(setting.get("two_tier_area_kinds") or []):
        return
    streams, types = _dfg(ctx)
    has_dfg = any(c.stream.code in streams for c in ctx.contributions) or any(
        ctx.line_stream(line) in streams for line in ctx.spend_lines()
    )
    if not has_dfg:
        return
    dfg_schemes = [s for s in ctx.schemes if s.scheme_type is not None and s.scheme_type.code in types]
    if not ctx.has_scheme_spend and not dfg_schemes:
        out.not_assessed("DFG income is stated but no DFG scheme or scheme spend is recorded.")
        return
    districts = {
        link.organisation.code.lower()
        for link in ctx.plan_organisations
        if link.organisation.kind == "district_council"
    } | {
        link.organisation.name.lower()
        for link in ctx.plan_organisations
        if link.organisation.kind == "district_council"
    }

    def names_districts(scheme) -> bool:
        text = " ".join([scheme.name, scheme.lead_provider, scheme.commissioner]).lower()
        return "district" in text or any(name and name in text for name in districts)

    if not any(names_districts(scheme) for scheme in dfg_schemes):
        out.fail(
            "Expenditure: Disabled Facilities Grant",
            f"{ctx.plan.area.name} is a two-tier area, but no DFG-related scheme passes the grant to the district "
            "councils (name them as recipient, lead provider or commissioner).",
            expected="a DFG scheme passed to the district councils",
            found=", ".join(s.ref for s in dfg_schemes) or "no DFG scheme",
            section="schemes",
        )
