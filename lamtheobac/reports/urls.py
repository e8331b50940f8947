from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("thong-ke/", views.dashboard, name="dashboard"),
    path("thong-ke/excel/", views.dashboard_xlsx, name="dashboard-xlsx"),
]
