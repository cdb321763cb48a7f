"""URLs of the reports pages (included at the site root by bettercare.web.urls)."""

from django.urls import path

from . import narrative_views, views

app_name = "reports"
urlpatterns = [
    path("hwb/<str:gss_code>/reports/", views.area_reports, name="area"),
    path("hwb/<str:gss_code>/reports/<str:quarter>/paper/", views.paper_page, name="paper"),
    path("hwb/<str:gss_code>/reports/<str:quarter>/paper/narrative/", narrative_views.narrative_edit,
         name="paper-narrative"),
    path("hwb/<str:gss_code>/reports/<str:quarter>/paper/narrative/history/", narrative_views.narrative_history,
         name="paper-narrative-history"),
    path("hwb/<str:gss_code>/reports/<str:quarter>/paper.pdf", views.paper_download, name="paper-pdf"),
    path("hwb/<str:gss_code>/reports/<str:quarter>/paper.docx", views.paper_word_download, name="paper-docx"),
    path("hwb/<str:gss_code>/reports/<str:quarter>/return.xlsx", views.return_download, name="return"),
    path("hwb/<str:gss_code>/plan-on-a-page/", views.plan_page, name="plan-page"),
    path("hwb/<str:gss_code>/plan-on-a-page.pdf", views.plan_page_download, name="plan-page-pdf"),
    path("reports/national/", views.national_page, name="national"),
    path("reports/national/<str:quarter>.xlsx", views.national_download, name="national-xlsx"),
]
