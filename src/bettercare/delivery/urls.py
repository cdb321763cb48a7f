"""URLs of the delivery pages (included at the site root by bettercare.web.urls), all under
``/delivery/`` so they cannot clash with other apps' pages."""

from django.urls import path

from .views import actions, collection, conditions, hicm, history, overview, returns, risks

app_name = "delivery"
urlpatterns = [
    path("delivery/plans/<int:plan_id>/", overview.plan_delivery, name="plan"),
    path("delivery/plans/<int:plan_id>/hicm/", hicm.hicm_grid, name="hicm"),
    path("delivery/plans/<int:plan_id>/hicm/change/<int:number>/", hicm.hicm_change, name="hicm_change"),
    path("delivery/plans/<int:plan_id>/hicm/<str:quarter>/edit/", hicm.hicm_edit, name="hicm_edit"),
    path("delivery/plans/<int:plan_id>/actions/", actions.action_list, name="actions"),
    path("delivery/plans/<int:plan_id>/actions/new/", actions.action_new, name="action_new"),
    path("delivery/actions/<int:pk>/edit/", actions.action_edit, name="action_edit"),
    path("delivery/actions/<int:pk>/history/", history.action_history, name="action_history"),
    path("delivery/plans/<int:plan_id>/risks/", risks.risk_register, name="risks"),
    path("delivery/plans/<int:plan_id>/risks/new/", risks.risk_new, name="risk_new"),
    path("delivery/risks/<int:pk>/", risks.risk_detail, name="risk"),
    path("delivery/risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("delivery/risks/<int:pk>/history/", history.risk_history, name="risk_history"),
    path("delivery/plans/<int:plan_id>/conditions/", conditions.condition_grid, name="conditions"),
    path("delivery/plans/<int:plan_id>/conditions/<str:quarter>/edit/", conditions.condition_edit,
         name="conditions_edit"),
    path("delivery/hwb/<str:gss_code>/returns/", returns.return_list, name="returns"),
    path("delivery/national/returns/", collection.collection_index, name="collection_index"),
    path("delivery/national/returns/<str:quarter>/", collection.collection_board, name="collection"),
    path("delivery/national/returns/<str:quarter>/upload/", collection.collection_upload, name="collection_upload"),
    path("delivery/returns/<int:pk>/", returns.return_detail, name="return"),
    path("delivery/returns/<int:pk>/workflow/", returns.return_transition, name="return_transition"),
    path("delivery/returns/<int:pk>/narrative/", returns.return_narrative, name="return_narrative"),
    path("delivery/returns/<int:pk>/metrics/", returns.return_metrics, name="return_metrics"),
    path("delivery/returns/<int:pk>/resubmit/", returns.return_resubmit, name="return_resubmit"),
    path("delivery/returns/<int:pk>/history/", history.return_history, name="return_history"),
]
