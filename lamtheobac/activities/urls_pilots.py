"""Pilot and good-practice models (namespace ``activities``)."""

from django.urls import path

from .views import pilots

urlpatterns = [
    path("mo-hinh/", pilots.pilot_list, name="pilot-list"),
    path("mo-hinh/ghi/", pilots.pilot_create, name="pilot-create"),
    path("mo-hinh/<int:pilot_id>/", pilots.pilot_detail, name="pilot-detail"),
    path("mo-hinh/<int:pilot_id>/sua/", pilots.pilot_edit, name="pilot-edit"),
    path("mo-hinh/tep/<int:pilot_file_id>/", pilots.pilot_file, name="pilot-file"),
]
