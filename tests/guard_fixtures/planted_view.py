"""A view as someone in a hurry might write it: every exemplar of every organisation, no scope.

Never imported; the guard's own test reads it as if it were ``lamtheobac/activities/views/planted.py`` and
must find the unscoped query."""

from django.shortcuts import render

from lamtheobac.activities.models import Exemplar


def exemplar_list(request):
    exemplars = Exemplar.objects.all()
    return render(request, "activities/exemplar_list.html", {"exemplars": exemplars})
