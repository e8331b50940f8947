"""Inspection and supervision (namespace ``activities``)."""

from django.urls import path

from .views import inspections

urlpatterns = [
    path("kiem-tra/", inspections.inspection_list, name="inspection-list"),
    path("kiem-tra/them/", inspections.inspection_create, name="inspection-create"),
    path("kiem-tra/<int:inspection_id>/", inspections.inspection_detail, name="inspection-detail"),
    path("kiem-tra/<int:inspection_id>/sua/", inspections.inspection_edit, name="inspection-edit"),
    path("kiem-tra/<int:inspection_id>/ket-qua/", inspections.inspection_record, name="inspection-record"),
    path("kiem-tra/<int:inspection_id>/khac-phuc/", inspections.inspection_answer, name="inspection-answer"),
    path("kiem-tra/<int:inspection_id>/ket-thuc/", inspections.inspection_close, name="inspection-close"),
    path("kiem-tra/tep/<int:inspection_file_id>/", inspections.inspection_file, name="inspection-file"),
]
