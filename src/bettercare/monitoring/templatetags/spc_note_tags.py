"""``{% spc_notes_panel result area user period %}``: the SPC chart's dated notes and rebases, and
for an editor the form that adds one."""

from django import template

from bettercare.monitoring.models import SpcNote

register = template.Library()


@register.inclusion_tag("monitoring/_spc_notes.html", takes_context=True)
def spc_notes_panel(context, result, area, period):
    user = context["request"].user
    return {
        "notes": SpcNote.objects.filter(area=area, metric_code=result.metric.code).select_related("created_by"),
        "metric": result.metric,
        "area": area,
        "period": period,
        "can_edit": user.has_perm("bettercare.edit", area),
        "csrf_token": context.get("csrf_token"),
    }
