"""``{% page_cache "name" %}...{% endpage_cache %}``: the rendered part of a page, kept in the shared
cache until the data change (``reference.data_version``).

Rendering a long table (150 HWBs) costs more than computing its figures, so the list and comparison
pages keep their rendered body. The key holds everything the body may depend on:
- the page's path with its query string (the period, metric, filters and sort chosen);
- who is reading, with their roles (``Membership`` rows, staff and superuser flags), since a
  change of role is not a change of the data but may change what the page offers;
- whether htmx asked for it (a part of the page may answer htmx differently);
- today's date (a return is late from the day after it was due);
- the data version.
Only a GET or HEAD request's body is kept, and never one that holds a CSRF token (a form that
posts is per request): such a body is rendered every time. The page's header (the user's name,
the sign-out form) lies outside the tag and is rendered for each request.
"""

from __future__ import annotations

from django import template
from django.core.cache import cache
from django.db import DatabaseError
from django.utils import timezone

from bettercare.reference.data_version import TIMEOUT, cache_key, guarded

register = template.Library()
CSRF_FIELD = "csrfmiddlewaretoken"


class PageCacheNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: template.base.FilterExpression):
        self.nodelist, self.name = nodelist, name

    def render(self, context) -> str:
        request = context.get("request")
        if request is None or request.method not in ("GET", "HEAD"):
            return self.nodelist.render(context)
        htmx = request.headers.get("HX-Request", "")
        parts = (request.get_full_path(), htmx, timezone.localdate(), *reader(request.user))
        key = cache_key(f"page:{self.name.resolve(context)}", parts)
        try:
            with guarded():
                found = cache.get(key)
        except DatabaseError:
            return self.nodelist.render(context)
        if found is not None:
            return found
        html = self.nodelist.render(context)  # a SafeString: the template escaped every value in it
        if CSRF_FIELD not in html:
            with guarded():
                cache.set(key, html, TIMEOUT)
        return html


def reader(user) -> tuple:
    """Who reads the page, as far as what it shows may depend on it."""
    if not getattr(user, "is_authenticated", False):
        return ("anonymous",)
    roles = tuple(sorted(user.memberships.values_list("area_id", "role")))
    return (user.pk, user.is_staff, user.is_superuser, roles)


@register.tag("page_cache")
def page_cache(parser, token) -> PageCacheNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument, the part's name")
    nodelist = parser.parse(("endpage_cache",))
    parser.delete_first_token()
    return PageCacheNode(nodelist, parser.compile_filter(bits[1]))
