from django.urls import path

from . import paper_views, quality_views, report_views, views

app_name = "reports"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
    path("thong-ke/don-vi/", views.dashboard_rows, name="dashboard-rows"),
    path("thong-ke/excel/", views.dashboard_xlsx, name="dashboard-xlsx"),
    path("thong-ke/chat-luong/", quality_views.quality, name="quality"),
    path("bao-cao/", report_views.report_list, name="report-list"),
    path("bao-cao/moi/", report_views.report_start, name="report-start"),
    path("bao-cao/<int:report_id>/", report_views.report_edit, name="report-edit"),
    path("bao-cao/<int:report_id>/soan-lai/", report_views.report_redraft, name="report-redraft"),
    path("bao-cao/<int:report_id>/word/", report_views.report_docx, name="report-docx"),
    path(
        "ho-so/<int:record_id>/ban-dang-ky.docx",
        paper_views.record_registration_docx,
        name="record-registration-docx",
    ),
    path("ho-so/<int:record_id>/kiem-diem.docx", paper_views.record_review_docx, name="record-review-docx"),
    path(
        "don-vi/<int:org_id>/<int:year>/ban-dang-ky.docx",
        paper_views.cell_registration_docx,
        name="cell-registration-docx",
    ),
    path(
        "don-vi/<int:org_id>/<int:year>/kiem-diem.docx", paper_views.cell_review_docx, name="cell-review-docx"
    ),
]
