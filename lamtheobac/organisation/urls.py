from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("to-chuc/", views.org_tree, name="org-tree"),
    path("to-chuc/<int:org_id>/", views.org_detail, name="org-detail"),
    path("to-chuc/<int:org_id>/truc-thuoc/", views.org_children, name="org-children"),
    path("to-chuc/<int:org_id>/them/", views.org_create, name="org-create"),
    path("to-chuc/<int:org_id>/sua/", views.org_edit, name="org-edit"),
    path("to-chuc/<int:org_id>/chuyen/", views.org_move, name="org-move"),
    path("to-chuc/<int:org_id>/ngung-hoat-dong/", views.org_deactivate, name="org-deactivate"),
    path("to-chuc/<int:org_id>/hoat-dong-lai/", views.org_reactivate, name="org-reactivate"),
    path("to-chuc/<int:org_id>/hop-nhat/", views.org_merge, name="org-merge"),
    path("to-chuc/<int:org_id>/phan-quyen/", views.org_grants, name="org-grants"),
    path("to-chuc/<int:org_id>/them-nguoi/", views.person_create, name="person-create"),
    path("phan-quyen/<int:grant_id>/thu-hoi/", views.grant_revoke, name="grant-revoke"),
    path("ca-nhan/", views.person_list, name="person-list"),
    path("ca-nhan/<int:person_id>/", views.person_detail, name="person-detail"),
    path("ca-nhan/<int:person_id>/sua/", views.person_edit, name="person-edit"),
    path("ca-nhan/<int:person_id>/chuyen/", views.person_move, name="person-move"),
    path("ca-nhan/<int:person_id>/tai-khoan/", views.person_account, name="person-account"),
    path("tim-kiem/", views.search, name="search"),
    path("xuat/ca-nhan/", views.export_people, name="export-people"),
    path("xuat/<int:export_id>/", views.export_detail, name="export-detail"),
    path("xuat/<int:export_id>/tai-ve/", views.export_download, name="export-download"),
]
