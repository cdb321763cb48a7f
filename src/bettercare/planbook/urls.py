"""URLs of the plans pages (included at the site root by bettercare.web.urls)."""

from django.urls import path

from .views import assurance, catalogue, editor, money, rollforward, versions, workbooks

app_name = "plans"

urlpatterns = [
    path("plans/<int:plan_id>/editor/", editor.editor, name="editor"),
    path("plans/<int:plan_id>/editor/schemes/add/", editor.scheme_edit, name="scheme_add"),
    path("plans/<int:plan_id>/editor/schemes/<int:pk>/", editor.scheme_edit, name="scheme_edit"),
    path("plans/<int:plan_id>/editor/schemes/<int:pk>/spend/", editor.scheme_spend, name="scheme_spend"),
    path("plans/<int:plan_id>/editor/conditions/", editor.conditions_edit, name="conditions"),
    path("plans/<int:plan_id>/editor/<str:kind>/add/", editor.row_edit, name="row_add"),
    path("plans/<int:plan_id>/editor/<str:kind>/<int:pk>/", editor.row_edit, name="row_edit"),
    path("plans/<int:plan_id>/editor/<str:kind>/<int:pk>/remove/", editor.row_remove, name="row_remove"),
    path("plans/<int:plan_id>/checks/", versions.checks, name="checks"),
    path("plans/<int:plan_id>/checks/findings/", versions.findings, name="findings"),
    path("plans/<int:plan_id>/submit/", versions.submit, name="submit"),
    path("plans/<int:plan_id>/approve/", versions.approve, name="approve"),
    path("plans/<int:plan_id>/new-version/", versions.new_version, name="new_version"),
    path("plans/<int:plan_id>/assurance/", assurance.assurance, name="assurance"),
    path("plans/<int:plan_id>/versions/", versions.versions, name="versions"),
    path("plans/<int:plan_id>/compare/", versions.compare_versions, name="compare"),
    path("plans/<int:plan_id>/compare/<int:other_id>/", versions.compare_versions, name="compare_with"),
    path("plans/<int:plan_id>/finance-monitoring/", money.finance_monitoring, name="finance"),
    path("plans/<int:plan_id>/finance-monitoring/lines/add/", money.finance_line, name="finance_line_add"),
    path("plans/<int:plan_id>/finance-monitoring/lines/<int:pk>/", money.finance_line, name="finance_line_edit"),
    path("plans/<int:plan_id>/payment-for-performance/", money.payment, name="payment"),
    path("plans/<int:plan_id>/workbook.xlsx", workbooks.download, name="workbook"),
    path("plans/import/", workbooks.upload, name="import"),
    path("plans/<int:plan_id>/roll-forward/", rollforward.roll_forward_page, name="roll_forward"),
    path("plans/<int:plan_id>/rolled-forward/", rollforward.rolled_forward, name="rolled_forward"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("catalogue/upload/", catalogue.catalogue_upload, name="catalogue_upload"),
]
