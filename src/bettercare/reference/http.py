"""A "not found" whose message is written for the user (for example which periods exist), shown on
the 404 page by ``bettercare.web.views.not_found``; other 404s keep the generic wording."""

from django.http import Http404


class ExplainedNotFound(Http404):
    """Raise with a sentence for people: ``ExplainedNotFound("There are no figures for 2031-32 …")``."""
