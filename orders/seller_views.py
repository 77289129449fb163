"""Orders an artisan has to fulfil."""

from django.http import Http404, HttpRequest, HttpResponse


def _not_built_yet(request: HttpRequest, pk: int = 0) -> HttpResponse:
    raise Http404


suborder_list = suborder_detail = _not_built_yet
