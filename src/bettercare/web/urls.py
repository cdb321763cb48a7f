from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

admin.autodiscover()  # settings use SimpleAdminConfig: the admin modules load with the URLs only

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(template_name="bettercare/sign_in.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("hwb/<str:gss_code>/", views.area_detail, name="area"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("admin/", admin.site.urls),
    path("", include("bettercare.planbook.urls")),
    path("", include("bettercare.monitoring.urls")),
    path("", include("bettercare.delivery.urls")),
    path("", include("bettercare.reports.urls")),
    path("", include("bettercare.accounts.urls")),
    path("api/v1/", include("bettercare.api.urls")),
]

handler404 = "bettercare.web.views.not_found"
