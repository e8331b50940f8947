from django.urls import path

from . import quality_views, report_views, views

app_name = "reports"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
    path("thong-ke/excel/", views.dashboard_xlsx, name="dashboard-xlsx"),
    path("thong-ke/chat-luong/", quality_views.quality, name="quality"),
    path("bao-cao/", report_views.report_list, name="report-list"),
    path("bao-cao/moi/", report_views.report_start, name="report-start"),
    path("bao-cao/<int:report_id>/", report_views.report_edit, name="report-edit"),
    path("bao-cao/<int:report_id>/soan-lai/", report_views.report_redraft, name="report-redraft"),
    path("bao-cao/<int:report_id>/word/", report_views.report_docx, name="report-docx"),
]
