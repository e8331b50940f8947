"""Activities: one URL module per area, all under the ``activities`` namespace."""

from django.urls import include, path

from .views.hub import hub

app_name = "activities"

urlpatterns = [
    path("hoat-dong/", hub, name="hub"),
    path("", include("lamtheobac.activities.urls_study")),
    path("", include("lamtheobac.activities.urls_pilots")),
    path("", include("lamtheobac.activities.urls_exemplars")),
    path("", include("lamtheobac.activities.urls_inspections")),
    path("", include("lamtheobac.activities.urls_documents")),
]
