"""Exemplars: the internal pages (login) and the public showcase "guong-sang/" (no login)."""

from django.urls import path

from .feeds import ExemplarFeed
from .views import exemplars, public

urlpatterns = [
    path("guong-dien-hinh/", exemplars.exemplar_list, name="exemplar-list"),
    path("guong-dien-hinh/de-cu/", exemplars.exemplar_create, name="exemplar-create"),
    path("guong-dien-hinh/<int:exemplar_id>/", exemplars.exemplar_detail, name="exemplar-detail"),
    path("guong-dien-hinh/<int:exemplar_id>/sua/", exemplars.exemplar_edit, name="exemplar-edit"),
    path("guong-dien-hinh/<int:exemplar_id>/xac-minh/", exemplars.exemplar_verify, name="exemplar-verify"),
    path(
        "guong-dien-hinh/<int:exemplar_id>/khen-thuong/", exemplars.exemplar_commend, name="exemplar-commend"
    ),
    path("guong-dien-hinh/<int:exemplar_id>/cong-khai/", exemplars.exemplar_publish, name="exemplar-publish"),
    path(
        "guong-dien-hinh/<int:exemplar_id>/thoi-cong-khai/",
        exemplars.exemplar_unpublish,
        name="exemplar-unpublish",
    ),
    path("guong-dien-hinh/<int:exemplar_id>/anh/", exemplars.exemplar_photo, name="exemplar-photo"),
    # Public: no login; exemplars are named only by their unguessable public_id.
    path("guong-sang/", public.public_exemplars, name="public-exemplars"),
    path("guong-sang/atom.xml", ExemplarFeed(), name="public-feed"),
    path("guong-sang/<uuid:public_id>/", public.public_exemplar, name="public-exemplar"),
    path("guong-sang/<uuid:public_id>/anh/", public.public_photo, name="public-photo"),
]
