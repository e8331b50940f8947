from django.urls import path

from . import views

app_name = "cycle"

urlpatterns = [
    path("nam/", views.period_list, name="period-list"),
    path("nam/mo/", views.period_open, name="period-open"),
    path("nam/<int:period_id>/", views.period_detail, name="period-detail"),
    path("nam/<int:period_id>/sua/", views.period_edit, name="period-edit"),
    path("nam/<int:period_id>/ket-thuc/", views.period_close, name="period-close"),
    path("nam/<int:period_id>/mo-lai/", views.period_reopen, name="period-reopen"),
    path("nam/<int:period_id>/van-ban/", views.document_add, name="document-add"),
    path("chuyen-de/<int:org_id>/", views.theme_list, name="theme-list"),
    path("van-ban/<int:document_id>/", views.document_download, name="document-download"),
    path("cam-ket/", views.my_commitment, name="my-commitment"),
    path("ho-so/", views.record_list, name="record-list"),
    path("ho-so/bat-dau/", views.record_start, name="record-start"),
    path("ho-so/<int:record_id>/", views.record_detail, name="record-detail"),
    path("ho-so/<int:record_id>/sua/", views.record_edit, name="record-edit"),
    path("ho-so/<int:record_id>/dong-moi/", views.record_item_row, name="record-item-row"),
    path("ho-so/<int:record_id>/nop/", views.record_submit, name="record-submit"),
    path("ho-so/<int:record_id>/duyet/", views.record_approve, name="record-approve"),
    path("ho-so/<int:record_id>/tra-lai/", views.record_return, name="record-return"),
    path("ho-so/<int:record_id>/tu-danh-gia/", views.record_self_assess, name="record-self-assess"),
    path("ho-so/<int:record_id>/so-ket/", views.record_interim, name="record-interim"),
    path("ho-so/<int:record_id>/xep-loai/", views.record_rate, name="record-rate"),
    path("ho-so/<int:record_id>/quy/<int:quarter>/", views.record_quarter, name="record-quarter"),
    path("ho-so/<int:record_id>/viec/<int:item_id>/tien-do/", views.progress_add, name="progress-add"),
    path("ho-so/<int:record_id>/ban-ky/", views.signed_copy_add, name="signed-copy-add"),
    path("ban-ky/<int:copy_id>/", views.signed_copy_download, name="signed-copy-download"),
    path("minh-chung/<int:evidence_id>/", views.evidence_download, name="evidence-download"),
    path("duyet/", views.queue, name="queue"),
    path("cham-tien-do/", views.lagging_list, name="lagging"),
    path("cham-tien-do/nhac/", views.remind, name="remind"),
    path("cham-tien-do/da-nhac/", views.reminder_log, name="reminder-log"),
    path("nhac-nho/thu/", views.reminder_mail, name="reminder-mail"),
]
