"""URLs of the monitoring pages (included at the site root by bettercare.web.urls). The page names
are not namespaced (``dashboard``, ``metric``, ...) as they were when these pages lived in the web
app; the SPC-note form's is (``monitoring:spc-note-add``)."""

from django.urls import include, path

from .views import benchmark, comparator_groups, kpi_sets, metrics, spc_notes, targets

namespaced = [
    path("hwb/<str:gss_code>/metrics/<str:metric_code>/spc-notes/", spc_notes.add_note, name="spc-note-add"),
]

urlpatterns = [
    path("benchmark/", benchmark.benchmark_page, name="benchmark"),
    path("benchmark/hwb/<str:gss_code>/", benchmark.hwb_benchmark_page, name="hwb-benchmark"),
    path("benchmark/groups/", comparator_groups.group_list, name="comparator-groups"),
    path("benchmark/groups/new/", comparator_groups.group_edit, name="comparator-group-new"),
    path("benchmark/groups/<str:code>/", comparator_groups.group_detail, name="comparator-group"),
    path("benchmark/groups/<str:code>/edit/", comparator_groups.group_edit, name="comparator-group-edit"),
    path("hwb/<str:gss_code>/metrics/", metrics.dashboard, name="dashboard"),
    path("hwb/<str:gss_code>/kpi-sets/<int:set_id>/", kpi_sets.kpi_set_detail, name="kpi-set"),
    path("hwb/<str:gss_code>/metrics/local/new/", targets.local_metric_new, name="local-metric-new"),
    path("hwb/<str:gss_code>/metrics/<str:metric_code>/", metrics.metric_detail, name="metric"),
    path("targets/<int:target_id>/rebase/", targets.rebase, name="target-rebase"),
    path("hwb/<str:gss_code>/metrics/<str:metric_code>/commentary/", metrics.save_commentary,
         name="metric-commentary"),
    path("", include((namespaced, "monitoring"))),
]
