"""Checks of the plan's risks, actions and national conditions (primer s5, s7; seeds 003, 000)."""

from bettercare.delivery.rules import complete_statuses

from .context import CheckContext
from .registry import Reporter, rule


@rule("RISK-001", "error", "Risk score = likelihood x impact, each from 1 to 5")
def risk_score(ctx: CheckContext, out: Reporter) -> None:
    """Rule: likelihood and impact are 1-5 and a stated score equals likelihood x impact
    (primer s7; seed 003: 3 x 4 = 12). Risks given only a rating are not scored, so not checked."""
    for risk in ctx.risks:
        location = f"Risk {risk.ref}"
        for name in ("likelihood", "impact"):
            value = getattr(risk, name)
            if value is not None and not 1 <= value <= 5:
                out.fail(
                    location,
                    f"Risk {risk.ref}: {name} {value} is outside the 1-5 scale.",
                    expected="1 to 5",
                    found=value,
                    section="risks",
                    ref=risk.ref,
                )
        if risk.stated_score is not None and risk.score is not None and risk.stated_score != risk.score:
            out.fail(
                location,
                f"Risk {risk.ref}: the stated score {risk.stated_score} is not likelihood {risk.likelihood} x impact "
                f"{risk.impact} = {risk.score}.",
                expected=risk.score,
                found=risk.stated_score,
                section="risks",
                ref=risk.ref,
            )


@rule("ACTION-001", "warning", "No action is past its deadline without being complete")
def actions_past_deadline(ctx: CheckContext, out: Reporter) -> None:
    """Rule: an action whose deadline window ended before the as-at date is complete (a completion
    date, or a status in ``catalogue/rules/delivery.yaml`` action_complete_statuses)."""
    done = complete_statuses()
    for action in ctx.actions:
        deadline = action.deadline_end or action.deadline_start
        if deadline is None or deadline >= ctx.as_at:
            continue
        if action.completed_on is not None or (action.status or "").strip().lower() in done:
            continue
        out.fail(
            f"Action {action.ref}",
            f"Action {action.ref} ({action.action[:80]}) was due by {deadline.isoformat()} "
            f"({action.deadline_text or 'deadline'}) and is not complete as at {ctx.as_at.isoformat()} "
            f"(status: {action.status or 'not given'}).",
            expected=f"complete by {deadline.isoformat()}",
            found=action.status or "no status",
            section="actions",
            ref=action.ref,
        )


@rule("COND-001", "error", "Every national condition is answered")
def national_conditions_answered(ctx: CheckContext, out: Reporter) -> None:
    """Rule: each national condition of the period has a plan-stage answer (Yes or No). A draft
    must answer all of them; a frozen plan that records none is a document without that section,
    so it is not assessed."""
    answers = {c.condition_id: c for c in ctx.conditions if not c.quarter}
    if not answers and ctx.plan.is_frozen:
        out.not_assessed("The plan records no national-condition answers.", location="National conditions")
        return
    for condition in ctx.catalogue_conditions:
        answer = answers.get(condition.id)
        if answer is None or answer.confirmed is None:
            out.fail(
                f"National condition {condition.number}: {condition.title}",
                f"National condition {condition.number} ({condition.title}) is "
                f"{'not answered' if answer is not None else 'missing'}: answer Yes or No.",
                expected="Yes or No",
                found="not answered" if answer is not None else "missing",
                section="conditions",
                condition=condition.code,
            )
