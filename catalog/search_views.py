"""Search page and the header's suggestions endpoint."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalog.search_facets import PRICE_BANDS, SORTS
from catalog.search_selectors import run_search, suggest


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    page = run_search(request.GET.get("q"), request.GET)
    params = request.GET.copy()
    params.pop("page", None)
    if "q" in params:
        params["q"] = page.query.text  # never echo more than the 200 characters searched
    context = {
        "result": page,
        "search_query": page.query.text,
        "sorts": SORTS.items(),
        "price_bands": PRICE_BANDS,
        "page_params": params.urlencode(),
    }
    return render(request, "catalog/search.html", context)


@require_safe
def search_suggest(request: HttpRequest) -> HttpResponse:
    response = JsonResponse({"results": suggest(request.GET.get("q"))})
    response["Cache-Control"] = "public, max-age=300"
    return response
