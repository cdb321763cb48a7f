"""The form that adds a dated note or a rebase to an SPC chart (service: :mod:`.spc_notes`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from bettercare.plans.models import Area

from .spc_notes import NoteError, add_spc_note


@login_required
@require_POST
def add_note(request, gss_code: str, metric_code: str):
    area = get_object_or_404(Area, gss_code=gss_code)
    period = request.POST.get("period", "")
    try:
        note = add_spc_note(
            request.user,
            area,
            metric_code,
            request.POST.get("on", ""),
            request.POST.get("text", ""),
            rebase=request.POST.get("rebase") == "yes",
        )
    except NoteError as error:
        messages.error(request, f"The note was not added. {error.field.capitalize()}: {error.message}.")
    else:
        kind = "Rebase" if note.rebase else "Note"
        messages.success(request, f"{kind} of {note.on:%d %B %Y} added to the SPC chart.")
    return redirect(f"{reverse('metric', args=[gss_code, metric_code])}?period={period}#spc-notes")
