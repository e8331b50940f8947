"""The directing documents library (namespace ``activities``)."""

from django.urls import path

from .views import documents

urlpatterns = [
    path("van-ban-chi-dao/", documents.document_library, name="document-library"),
    path("van-ban-chi-dao/them/", documents.document_create, name="document-create"),
    path("van-ban-chi-dao/<int:library_document_id>/tep/", documents.document_file, name="document-file"),
]
