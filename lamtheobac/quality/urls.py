from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("ho-so/<int:record_id>/kiem-tra-viec-lam/", views.check, name="check"),
]
