"""The application's URLs plus two reference pages for the benchmark suite, so that a page of the
application is compared with what Django does at the least under the same server settings:

- ``/bench/bare/``: a 1 KB response built in Python, no template, no database;
- ``/bench/reference/``: 50 rows read from the database and rendered in a plain Django template.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as app
from lamtheobac.organisation.models import Person

TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang=vi><head><meta charset=utf-8><title>Danh sách</title></head><body>"
    "<table><thead><tr><th>STT</th><th>Họ và tên</th><th>Năm sinh</th><th>Chức vụ</th><th>Đảng viên</th>"
    "</tr></thead><tbody>{% for p in people %}<tr><td>{{ forloop.counter }}</td><td>{{ p.full_name }}</td>"
    "<td>{{ p.birth_year|default:'' }}</td><td>{{ p.position }}</td><td>{{ p.get_kind_display }}</td>"
    "</tr>{% endfor %}</tbody></table></body></html>"
)
KILOBYTE = ("<p>" + "Làm theo Bác. " * 80 + "</p>").encode()[:1024]


def bare(request):
    return HttpResponse(KILOBYTE)


def reference(request):
    return HttpResponse(TEMPLATE.render({"people": Person.objects.order_by("id")[:50]}, request))


urlpatterns = [path("bench/bare/", bare), path("bench/reference/", reference), *app]
