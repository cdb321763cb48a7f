"""Words for documents: source notes cite papers by name and paragraph, never by the project's
internal numbers ("004 para 14" → "Leicestershire HWB, BCF update Q1 2018-19 (27 September 2018),
paragraph 14"); the rules are ``catalogue.glossary.plain_source``."""

from django import template

from bettercare.catalogue.glossary import plain_source as _plain_source

register = template.Library()


@register.filter
def plain_source(text: str) -> str:
    """A source note in words (``catalogue.glossary.plain_source``)."""
    return _plain_source(text)
