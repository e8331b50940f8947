"""Orgs and people: ``/orgs``, ``/people``."""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from lamtheobac.organisation import access, selectors
from lamtheobac.organisation import services as people_services
from lamtheobac.organisation.forms import PersonForm
from lamtheobac.organisation.models import Person
from lamtheobac.organisation.roles import Cap

from .. import access as api_access
from .common import Id, Page, Year, _words


class OrgOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    depth: int
    active: bool


class PersonOut(Schema):
    id: int
    full_name: str
    kind: str
    gender: str
    birth_year: int | None
    position: str
    org_id: int
    org_name: str
    phone: str
    email: str
    active: bool
    party_card_number: str | None = None  # only for those who may see identifiers at the person's org
    citizen_id: str | None = None


class PersonIn(Schema):
    """A person as the member database sends them; the same fields and checks as the person form."""

    org: Id
    full_name: str
    kind: str = "member"
    gender: str = ""
    birth_year: Year | None = None
    position: str = ""
    phone: str = ""
    email: str = ""
    party_card_number: str = ""
    citizen_id: str = ""


class PersonPatchIn(Schema):
    """Only the fields sent change; ``org`` moves the person (kept in their history, with ``reason``);
    ``active: false`` marks someone who has left (never deleted)."""

    org: Id | None = None
    reason: str = ""
    full_name: str | None = None
    kind: str | None = None
    gender: str | None = None
    birth_year: Year | None = None
    position: str | None = None
    phone: str | None = None
    email: str | None = None
    party_card_number: str | None = None
    citizen_id: str | None = None
    active: bool | None = None


def _person_out(user, person: Person) -> dict:
    sensitive = api_access.may_see_identifiers(user, person)
    return {
        **{
            f: getattr(person, f)
            for f in (
                "id",
                "full_name",
                "kind",
                "gender",
                "birth_year",
                "position",
                "org_id",
                "phone",
                "email",
                "active",
            )
        },
        "org_name": person.org.name,
        "party_card_number": person.party_card_number if sensitive else None,
        "citizen_id": person.citizen_id if sensitive else None,
    }


orgs = Router(tags=["Tổ chức"])


@orgs.get("", response=list[OrgOut], summary="Các tổ chức trong phạm vi")
@paginate(Page)
def org_list(request, parent: Id | None = None, q: str = "", active: bool | None = True):
    qs = access.orgs_visible_to(request.user)
    if parent is not None:
        qs = qs.filter(parent=access.access_org(request.user, parent))
    if _words(q).strip():
        qs = qs.filter(pk__in=selectors.org_search(user=request.user, query=_words(q)).values("pk"))
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("path")


@orgs.get("/{org_id}", response=OrgOut, summary="Một tổ chức")
def org_detail(request, org_id: int):
    return access.access_org(request.user, org_id)


people = Router(tags=["Cá nhân"])


@people.get("", response=list[PersonOut], summary="Cá nhân trong phạm vi (lọc như trang Cá nhân)")
@paginate(Page)
def person_list(request, org: Id | None = None, q: str = "", kind: str = "", active: bool | None = True):
    under = access.access_org(request.user, org) if org is not None else None
    found = selectors.person_list(
        user=request.user, query=_words(q), org=under, kind=_words(kind), active=active
    )
    return [_person_out(request.user, p) for p in found]


@people.get("/{person_id}", response=PersonOut, summary="Một cá nhân")
def person_detail(request, person_id: int):
    return _person_out(request.user, access.access_person(request.user, person_id))


def _person_form(sent: dict, person: Person | None = None) -> dict:
    """The person form's checks (names in Vietnamese title case, birth year, kinds...) on what an API body
    sent, over the person's current values when it changes one; refusals answer 422 with the form's
    messages."""
    data = {**(model_to_dict(person, fields=PersonForm.Meta.fields) if person else {}), **sent}
    form = PersonForm({k: ("" if v is None else v) for k, v in data.items()}, instance=person)
    if person is None:
        del form.fields["active"]  # a new person is active; leaving is an edit
    if not form.is_valid():
        raise ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})
    return form.cleaned_data


@people.post("", response={201: PersonOut}, summary="Thêm một cá nhân vào một tổ chức")
def person_create(request, data: PersonIn):
    org = access.access_org(request.user, data.org, cap=Cap.MANAGE_PEOPLE)
    fields = _person_form(data.dict(exclude={"org"}))
    return Status(
        201, _person_out(request.user, people_services.person_create(actor=request.user, org=org, **fields))
    )


@people.patch(
    "/{person_id}", response=PersonOut, summary="Sửa thông tin, chuyển sinh hoạt hay ghi nhận đã chuyển đi"
)
def person_update(request, person_id: int, data: PersonPatchIn):
    person = access.access_person(request.user, person_id, cap=Cap.MANAGE_PEOPLE)
    sent = data.dict(exclude_unset=True)
    to_org = sent.pop("org", None)
    reason = sent.pop("reason", "")
    target = access.access_org(request.user, to_org, cap=Cap.MANAGE_PEOPLE) if to_org is not None else None
    if sent:
        fields = _person_form(sent, person)
        person = people_services.person_update(actor=request.user, person=person, **fields)
    if target is not None and target.pk != person.org_id:
        person = people_services.person_move(actor=request.user, person=person, to_org=target, reason=reason)
    return _person_out(request.user, person)
