"""The pages where a user manages their API tokens. They sit on the account pages (``accounts:tokens``…):
``config.urls`` adds them to the accounts' namespace, since ``accounts`` is below this app and never
imports it."""

from django.urls import path

from . import views

urlpatterns = [
    path("ma-truy-cap/", views.token_list, name="tokens"),
    path("ma-truy-cap/<int:token_id>/thu-hoi/", views.token_revoke, name="token-revoke"),
    path("ma-truy-cap/<int:token_id>/gia-han/", views.token_renew, name="token-renew"),
]
