from django.urls import include, path

from lamtheobac.accounts import urls as account_urls
from lamtheobac.accounts import views as account_views
from lamtheobac.api import urls as token_urls
from lamtheobac.api.api import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", account_views.healthz, name="healthz"),
    # the account pages, with the API's token pages among them (``accounts`` may not import ``api``)
    path("tai-khoan/", include((account_urls.urlpatterns + token_urls.urlpatterns, account_urls.app_name))),
    path("", include("lamtheobac.organisation.urls")),
    path("", include("lamtheobac.cycle.urls")),
    path("", include("lamtheobac.activities.urls")),
    path("", include("lamtheobac.reports.urls")),
    path("", include("lamtheobac.imports.urls")),
    path("", include("lamtheobac.quality.urls")),
    path("", include("lamtheobac.audit.urls")),
    path("api/v1/", api.urls),
]
