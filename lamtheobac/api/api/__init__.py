"""The REST API under ``/api/v1/`` (django-ninja): the same data, rules and scoping helpers as the pages.

Every call carries a personal access token (``Authorization: Bearer ltb_…``) made on the user's account
page; it acts as that user, with their roles and their subtree. Objects outside the scope answer 404 as the
pages do; errors are JSON with a Vietnamese ``detail``. The OpenAPI document is ``/api/v1/openapi.json``,
its reader ``/api/v1/docs`` (served from the app's own static files, no CDN).

The module is a package by area: ``common`` (bounds, token, page), ``people``, ``records``, ``activities``,
``figures`` and ``reorganisations`` each hold their router, schemas and endpoints; here the API is put
together and its errors answered.
"""

# no ``from __future__ import annotations``: django-ninja reads the parameter types at import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from .activities import activities
from .common import TokenAuth
from .figures import figures
from .people import orgs, people
from .records import records, years
from .reorganisations import reorganisations


class _API(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """The operation ids clients were generated from, as when the API was one module."""
        return "lamtheobac_api_api_" + operation.view_func.__name__


api = _API(
    title="Làm theo Bác API",
    version="1",
    description="Tổ chức, cá nhân, năm, kế hoạch và bản cam kết, chuyển trạng thái, số liệu thống kê.",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- Errors: JSON, in Vietnamese ---------------------------------------------------------------------


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(
        request, {"detail": _("Không tìm thấy, hoặc bạn không có quyền xem.")}, status=404
    )


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": _("Bạn không có quyền làm việc này.")}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    detail = _("Thiếu mã truy cập, hoặc mã đã bị thu hồi. Gửi kèm tiêu đề Authorization: Bearer <mã>.")
    return api.create_response(request, {"detail": detail}, status=401)


@api.exception_handler(ValidationError)
def _refused(request, exc: ValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = " ".join(m for messages in errors.values() for m in messages)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(InputError)
def _bad_input(request, exc: InputError):
    errors = [{"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return api.create_response(
        request, {"detail": _("Dữ liệu gửi lên không hợp lệ."), "errors": errors}, status=422
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    detail = _("Không đọc được nội dung gửi lên (cần JSON hợp lệ).") if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


api.add_router("/orgs", orgs)
api.add_router("/people", people)
api.add_router("/years", years)
api.add_router("/records", records)
api.add_router("/dashboard", figures)
api.add_router("/reorganisations", reorganisations)
api.add_router("", activities)
