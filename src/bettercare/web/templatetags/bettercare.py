"""Template filters: figures and money printed by ``indicators.presentation`` (one rounding rule,
one minus sign for pages, papers and workbooks), RAG tags and dictionary look-up."""

from django import template

from bettercare.indicators import presentation

register = template.Library()


@register.filter
def pounds(value) -> str:
    """Pounds as "£1,234,567" or "−£1,000" (whole pounds; pence only when present)."""
    return presentation.pounds(value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


RAG_TAGS = {
    "green": ("govuk-tag--green", "Green"),
    "amber": ("govuk-tag--yellow", "Amber"),
    "red": ("govuk-tag--red", "Red"),
    "grey": ("govuk-tag--grey", "Not rated"),
}


@register.filter
def rag_class(rag: str) -> str:
    return RAG_TAGS.get(rag or "grey", RAG_TAGS["grey"])[0]


@register.filter
def rag_label(rag: str) -> str:
    return RAG_TAGS.get(rag or "grey", RAG_TAGS["grey"])[1]


@register.filter
def figure(value, of=None) -> str:
    """A metric figure as the paper prints it (``presentation.figure_text``). ``of`` is the
    assessment the figure belongs to (its metric's unit and its scale: a count target is whole) or
    the metric (its unit), or a return's stored proposal (a dict with "unit" and "scale")."""
    if isinstance(of, dict):  # a return's stored proposal: {"unit": ..., "scale": ...}
        return presentation.figure_text(value, of.get("unit", ""), of.get("scale", "value"))
    if of is None or hasattr(of, "unit"):
        metric, scale = of, "value"
    else:
        metric = getattr(of, "metric", None) or getattr(of.figure, "metric", None)
        scale = getattr(of, "scale", "value") or "value"
    return presentation.figure_text(value, getattr(metric, "unit", "") or "", scale)


@register.filter
def assessed_value(assessment) -> str:
    """An assessed figure in its metric's unit, at the precision the source stated it to."""
    if assessment is None:
        return presentation.NONE
    return presentation.figure_text(assessment.value, assessment.figure.metric.unit or "", assessment.scale,
                                    assessment.decimals)


@register.filter
def assessed_target(assessment) -> str:
    """The target an assessed figure was read against, in the same unit and at its stated precision."""
    if assessment is None or assessment.target_value is None:
        return presentation.NONE
    return presentation.figure_text(assessment.target_value, assessment.figure.metric.unit or "", assessment.scale,
                                    assessment.target_decimals)


@register.filter
def count_of(value, assessment=None) -> str:
    """ "count 927": the count behind a rate or percentage ("" for a count, or when none is known)."""
    if value is None or (assessment is not None and assessment.scale == "count"):
        return ""
    return f"count {presentation.figure_text(value, '', 'count')}"


@register.filter
def count(value) -> str:
    """A count (a numerator or denominator): whole, with thousands separators."""
    return presentation.figure_text(value, scale="count")


@register.filter
def humanise(text: str) -> str:
    return (text or "").replace("_", " ")


@register.filter
def term(ident: str) -> str:
    """The title of a catalogue id (metric, stream, scheme type, condition) in words."""
    from bettercare.catalogue.glossary import term as catalogue_term

    return catalogue_term(ident)


@register.filter
def plain_source(text: str) -> str:
    """A source note with internal references (seed numbers, the primer, file paths) in words."""
    from bettercare.catalogue.glossary import plain_source as plain

    return plain(text)


@register.filter
def document_title(reference: str) -> str:
    """The title of a source paper named by its file or number (never the file name itself)."""
    from bettercare.catalogue.glossary import document_title as title

    return title(reference)


@register.filter
def rules_name(period_code: str) -> str:
    from bettercare.catalogue.glossary import rules_name as name

    return name(period_code)


@register.filter
def stated(row) -> str:
    """A stated figure as its source printed it (its own decimal places: 702.5, not 702.5000), as in
    the paper: a monitoring figure (``stated``, ``stated_decimals``, its metric's unit) or a plan's
    target row (``value``, ``value_decimals``)."""
    if hasattr(row, "stated"):
        return presentation.stated_text(row.stated, row.stated_decimals, getattr(row.metric, "unit", "") or "")
    return presentation.stated_text(getattr(row, "value", None), getattr(row, "value_decimals", None))


@register.filter
def component_name(component: str) -> str:
    """A metric breakdown in words: NHS, Social care, Joint (both)."""
    from bettercare.indicators.presentation import component_name as name

    return name(component)


@register.filter
def period_words(period: str) -> str:
    """A period for people: "2018-03..2018-05" -> "March to May 2018" (``presentation.period_label``)."""
    return presentation.period_label(period)


@register.filter
def uk_time(value) -> str:
    """A moment (datetime or ISO 8601 text, as stored in snapshots) in UK time to the minute:
    "29 November 2026, 19:14"."""
    from datetime import datetime

    from bettercare.delivery.history import uk_time as words

    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return words(value)
