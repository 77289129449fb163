"""Public catalogue pages."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/home.html")


def _not_built_yet(request: HttpRequest, slug: str = "") -> HttpResponse:
    raise Http404


district_list = district_detail = craft_detail = product_detail = _not_built_yet
artisan_detail = collection_detail = _not_built_yet
