"""Study sessions and cell meetings (namespace ``activities``)."""

from django.urls import path

from .views import study

urlpatterns = [
    path("hoc-tap/", study.study_list, name="study-list"),
    path("hoc-tap/ghi/", study.study_create, name="study-create"),
    path("hoc-tap/chi-bo-da-hoc/", study.study_coverage, name="study-coverage"),
    path("hoc-tap/<int:session_id>/", study.study_detail, name="study-detail"),
    path("hoc-tap/<int:session_id>/sua/", study.study_edit, name="study-edit"),
    path("hoc-tap/tep/<int:study_file_id>/", study.study_file, name="study-file"),
]
