from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("nhap-excel/", views.home, name="home"),
    path("nhap-excel/mau-to-chuc.xlsx", views.template_orgs, name="template-orgs"),
    path("nhap-excel/mau-ca-nhan.xlsx", views.template_people, name="template-people"),
    path("nhap-excel/<int:job_id>/", views.detail, name="detail"),
    path("nhap-excel/<int:job_id>/nhap/", views.run, name="run"),
    path("nhap-excel/<int:job_id>/trang-tinh/", views.recheck, name="recheck"),
    path("nhap-excel/<int:job_id>/tep/", views.download, name="file"),
    path("sap-xep-to-chuc/", views.reorganise, name="reorganise"),
    path("sap-xep-to-chuc/mau-sap-xep-to-chuc.xlsx", views.reorganise_template, name="reorganise-template"),
    path("sap-xep-to-chuc/<slug:key>/", views.reorganise_preview, name="reorganise-preview"),
    path("sap-xep-to-chuc/<slug:key>/ap-dung/", views.reorganise_apply, name="reorganise-apply"),
]
