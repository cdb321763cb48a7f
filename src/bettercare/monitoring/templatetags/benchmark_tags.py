"""Template filters of the benchmark page: the GOV.UK tag colour of a comparison (Fingertips' colours:
better green, similar yellow, worse red; higher / lower dark and light blue where there is no polarity)."""

from django import template

register = template.Library()

COMPARISON_TAGS = {
    "better": ("govuk-tag--green", "Better"),
    "similar": ("govuk-tag--yellow", "Similar"),
    "worse": ("govuk-tag--red", "Worse"),
    "higher": ("govuk-tag--blue", "Higher"),
    "lower": ("govuk-tag--light-blue", "Lower"),
}


@register.filter
def comparison_class(outcome: str) -> str:
    return COMPARISON_TAGS.get(outcome, ("govuk-tag--grey", ""))[0]


@register.filter
def comparison_label(outcome: str) -> str:
    return COMPARISON_TAGS.get(outcome, ("", "Not compared"))[1]


RAG_TAGS = {"green": ("govuk-tag--green", "Green"), "amber": ("govuk-tag--yellow", "Amber"),
            "red": ("govuk-tag--red", "Red")}


@register.filter
def rag_class(rating: str) -> str:
    return RAG_TAGS.get(rating, ("govuk-tag--grey", ""))[0]


@register.filter
def rag_label(rating: str) -> str:
    """Green / Amber / Red, or "Not rated" (no target or no figure)."""
    return RAG_TAGS.get(rating, ("", "Not rated"))[1]


@register.simple_tag
def sort_link(request_get, column: str, current: str, order: str) -> str:
    """The query string that sorts by ``column`` (reversing the order when it is already the sort)."""
    query = request_get.copy()
    query["sort"] = column
    query["order"] = "desc" if column == current and order != "desc" else "asc"
    query.pop("format", None)
    return "?" + query.urlencode()
