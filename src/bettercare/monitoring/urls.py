"""URLs of the monitoring pages (included at the site root by bettercare.web.urls)."""

from django.urls import path

from . import spc_note_views

app_name = "monitoring"
urlpatterns: list = [
    path("hwb/<str:gss_code>/metrics/<str:metric_code>/spc-notes/", spc_note_views.add_note, name="spc-note-add"),
]
