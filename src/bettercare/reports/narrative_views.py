"""The board paper's narrative page (edit the sections of one HWB's paper for a quarter) and its
history. Edit needs the editor role on the HWB, history the viewer role, both checked first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from bettercare.accounts.access import require
from bettercare.delivery.forms import PaperNarrativeForm
from bettercare.delivery.history import history_entries
from bettercare.delivery.paper_narrative import SECTIONS, save_narrative
from bettercare.indicators.presentation import quarter_label
from bettercare.plans.locking import StaleEdit
from bettercare.reference.models import Area

from .errors import ReportError
from .house_style import load_house_style
from .paper.narrative import paper_narrative
from .sources import parse_quarter
from .templating import render_page


def _errors(form) -> list[tuple[str, str]]:
    return [(f"#{form[name].id_for_label}" if name in form.fields else "#edit-form", message)
            for name, messages_ in form.errors.items() for message in messages_]


def _narrative(area: Area, quarter):
    """The quarter's narrative as the paper prints it (house style wording filled as in the paper)."""
    style = load_house_style(area.gss_code)
    wording = {**style.paper, **(style.paper.get("quarters") or {}).get(str(quarter), {})}
    values = {"area": area.name, "board": style.board, "organisation": style.organisation or f"{area.name} "
              f"{style.board}", "quarter": str(quarter), "quarter_label": quarter_label(quarter),
              "financial_year": str(quarter.financial_year)}
    return paper_narrative(area, quarter, wording, values)


def _parse(text: str):
    try:
        return parse_quarter(text)
    except ReportError as error:
        raise Http404(str(error)) from error


def _initial(narrative) -> dict:
    return {**narrative.texts, "version": narrative.version}


@login_required
def narrative_edit(request, gss_code: str, quarter: str):
    """Edit the paper's narrative sections (GOV.UK form; optimistic locking; error summary)."""
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "edit", area)
    parsed = _parse(quarter)
    narrative = _narrative(area, parsed)
    form = PaperNarrativeForm(request.POST or None, initial=_initial(narrative))
    errors, stale, attempted = [], "", {}
    if request.method == "POST":
        if form.is_valid():
            try:
                save_narrative(request.user, area, str(parsed), form.cleaned_data["version"], form.cleaned_data,
                               copied_from="" if narrative.row else narrative.source)
            except StaleEdit as error:
                stale, attempted = error.message, error.pending["changes"]
                attempted.pop("updated_by", None)
                errors = [("#edit-form", error.message)]
                form = PaperNarrativeForm(initial=_initial(_narrative(area, parsed)))
            except ValidationError as error:
                for name, messages_ in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, messages_)
                errors = _errors(form)
            else:
                messages.success(request, f"The board paper's narrative for {quarter_label(parsed)} is saved.")
                return redirect(f"{reverse('reports:area', args=[area.gss_code])}?quarter={parsed}")
        else:
            errors = _errors(form)
    return render_page(
        request,
        "reports/narrative_edit.html",
        {"area": area, "quarter": str(parsed), "quarter_label": quarter_label(parsed), "form": form,
         "narrative": narrative, "sections": SECTIONS, "errors": errors, "stale": stale, "attempted": attempted},
    )


@login_required
def narrative_history(request, gss_code: str, quarter: str):
    """Every saved change to the paper's narrative (who, when, what) and refused stale saves."""
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "view", area)
    parsed = _parse(quarter)
    row = _narrative(area, parsed).row
    return render_page(
        request,
        "reports/narrative_history.html",
        {"area": area, "quarter": str(parsed), "quarter_label": quarter_label(parsed), "row": row,
         "entries": history_entries(row) if row is not None else []},
    )
