from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("nhat-ky/", views.entry_list, name="list"),
    path("nhat-ky/xuat.xlsx", views.entry_export, name="export"),
]
