"""Search page and the header's suggestions endpoint."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from catalog.page_cache import cached_fragment
from catalog.search_facets import PRICE_BANDS
from catalog.search_selectors import run_search, suggest
from catalog.sorting import SEARCH_SORTS, sort_choices

#: The query parameters of the search page; pages with others are not cached.
SEARCH_PARAMS = ("q", "district", "craft", "price", "in_stock", "gi", "sort", "page")


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    def build() -> dict:
        page = run_search(request.GET.get("q"), request.GET)
        params = request.GET.copy()
        params.pop("page", None)
        if "q" in params:
            params["q"] = page.query.text  # never echo more than the 200 characters searched
        context = {
            "result": page,
            "sorts": sort_choices(SEARCH_SORTS),
            "price_bands": PRICE_BANDS,
            "page_params": params.urlencode(),  # the pagination links add page=
        }
        html = render_to_string("catalog/_search_body.html", context, request)
        return {"html": html, "query_text": page.query.text}

    body = cached_fragment(
        "search", scopes=["search"], query=request.GET, allowed_params=SEARCH_PARAMS, build=build
    )
    context = {"body": body, "search_query": body["query_text"]}
    return render(request, "catalog/search.html", context)


@require_safe
def search_suggest(request: HttpRequest) -> HttpResponse:
    response = JsonResponse({"results": suggest(request.GET.get("q"))})
    response["Cache-Control"] = "public, max-age=300"
    return response
