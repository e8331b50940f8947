from django.urls import include, path

from lamtheobac.accounts import views as account_views
from lamtheobac.api.api import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    path("tai-khoan/", include("lamtheobac.accounts.urls")),
    path("", include("lamtheobac.organisation.urls")),
    path("", include("lamtheobac.cycle.urls")),
    path("", include("lamtheobac.activities.urls")),
    path("", include("lamtheobac.reports.urls")),
    path("", include("lamtheobac.imports.urls")),
    path("", include("lamtheobac.quality.urls")),
    path("", include("lamtheobac.audit.urls")),
    path("api/v1/", api.urls),
]
