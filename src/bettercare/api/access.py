"""The HWB a request names, after the same permission check as the web pages
(:func:`bettercare.accounts.access.require`): 404 for an unknown GSS code, 403 without the role."""

from django.http import Http404, HttpRequest

from bettercare.accounts.access import require
from bettercare.reference.models import Area


def area_for(request: HttpRequest, gss_code: str, action: str = "view") -> Area:
    """The HWB with this GSS code if the caller may ``action`` (view, edit, approve) it."""
    area = Area.objects.filter(gss_code=gss_code).first()
    if area is None:
        raise Http404(f"No HWB has the GSS code {gss_code!r}.")
    require(request.user, action, area)
    return area
