"""Search page and the header's suggestions endpoint."""

from django.http import Http404, HttpRequest, HttpResponse


def search(request: HttpRequest) -> HttpResponse:
    raise Http404


def search_suggest(request: HttpRequest) -> HttpResponse:
    raise Http404
