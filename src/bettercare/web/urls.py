from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import metric_views, target_views, views

admin.autodiscover()  # settings use SimpleAdminConfig: the admin modules load with the URLs only

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="bettercare/sign_in.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("hwb/<str:gss_code>/", views.area_detail, name="area"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("hwb/<str:gss_code>/metrics/", metric_views.dashboard, name="dashboard"),
    path("hwb/<str:gss_code>/metrics/local/new/", target_views.local_metric_new, name="local-metric-new"),
    path("hwb/<str:gss_code>/metrics/<str:metric_code>/", metric_views.metric_detail, name="metric"),
    path("targets/<int:target_id>/rebase/", target_views.rebase, name="target-rebase"),
    path("hwb/<str:gss_code>/metrics/<str:metric_code>/commentary/", metric_views.save_commentary,
         name="metric-commentary"),
    path("admin/", admin.site.urls),
    path("", include("bettercare.plans.urls")),
    path("", include("bettercare.monitoring.urls")),
    path("", include("bettercare.delivery.urls")),
    path("", include("bettercare.reports.urls")),
]
