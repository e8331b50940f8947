"""Factories for tests. Orgs go through the service so their materialised path is real."""

from __future__ import annotations

import factory
from django.contrib.auth.models import User

from lamtheobac.organisation import services
from lamtheobac.organisation.models import Org, OrgKind, Person, PersonKind

PASSWORD = "mat-khau-thu-nghiem"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Org

    parent = None
    kind = OrgKind.CELL
    name = factory.Sequence(lambda n: f"Chi bộ số {n}")
    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    sort_order = 0

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.org_create(actor=None, **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    kind = PersonKind.MEMBER
    birth_year = 1980
    org = factory.SubFactory(OrgFactory)
