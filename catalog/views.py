"""Public catalogue pages. Queries live in catalog.selectors; these views only assemble."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from catalog import selectors
from catalog.extensions import SECTION_PARAMS, product_sections
from catalog.filters import ProductFilterForm
from catalog.page_cache import cached_fragment
from catalog.seo import product_json_ld
from catalog.showcase import current_or_next_event
from kernel.site_origin import absolute_url


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    def build() -> dict:
        context = {
            "featured_districts": selectors.featured_districts(),
            "collections": selectors.published_collections(),
            "crafts": selectors.crafts(),
            "new_products": selectors.newest_products(),
        }
        return {
            "html": render_to_string("catalog/_home_body.html", context, request),
            "event": current_or_next_event(),
        }

    # The event shown changes with the date, so the day is part of the key. An event edited
    # in admin moves the catalogue-wide version.
    body = cached_fragment(f"home:{timezone.localdate().isoformat()}", scopes=["home"], build=build)
    context = {"body": body, "event": body["event"]}
    return render(request, "catalog/home.html", context)


@require_GET
def district_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100].replace("\x00", "")  # PostgreSQL refuses NUL
    divisions = selectors.districts_by_division(query)
    return render(
        request,
        "catalog/district_list.html",
        {
            "divisions": divisions,
            "query": query,
            "district_count": sum(len(d.districts) for d in divisions),
        },
    )


def _filtered_page(request: HttpRequest, queryset, *, crafts=None, district=None) -> dict:
    """The filter form bound to the query string and the page of products it selects."""
    form = ProductFilterForm(request.GET or None, crafts=crafts)
    values = form.valid_values()
    products = selectors.filter_products(queryset, values, district=district)
    page = selectors.paginate(products, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "page_obj": page,
        "products": page.object_list,
        "page_query": query.urlencode(),
        "is_filtered": bool(values),
    }


def _filtered_list_body(
    request: HttpRequest, key: str, template: str, context, *, scopes: list[str]
) -> dict:
    """A product list page's body (``context()`` rendered into ``template``), cached per
    filter query string, with what the page head needs from it (canonical page)."""

    def build() -> dict:
        values = context()
        return {
            "html": render_to_string(template, values, request),
            "page_number": values["page_obj"].number,
            "is_filtered": values["is_filtered"],
        }

    return cached_fragment(
        key,
        scopes=scopes,
        query=request.GET,
        allowed_params=ProductFilterForm.PARAMS,
        build=build,
    )


@require_GET
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = selectors.get_district(slug)

    def context() -> dict:
        selectors.prefetch_district_details(district)
        artisans = selectors.district_artisans(district)
        return {
            "district": district,
            "featured_products": selectors.district_featured_products(district),
            "artisans": artisans[: selectors.ARTISANS_SHOWN],
            "more_artisans": len(artisans) > selectors.ARTISANS_SHOWN,
            **_filtered_page(
                request,
                selectors.live_products().filter(district=district),
                crafts=selectors.district_crafts(district),
                district=district,
            ),
        }

    key = f"district:{district.pk}"
    body = _filtered_list_body(request, key, "catalog/_district_body.html", context, scopes=[key])
    hero = district.hero_image
    og_image = absolute_url(hero.url) if hero else ""
    context = {"district": district, "body": body, "og_image": og_image}
    return render(request, "catalog/district_detail.html", context)


@require_GET
def craft_detail(request: HttpRequest, slug: str) -> HttpResponse:
    craft = selectors.get_craft(slug)

    def context() -> dict:
        return {
            "craft": craft,
            "districts": selectors.craft_districts(craft),
            **_filtered_page(request, selectors.live_products().filter(craft=craft)),
        }

    key = f"craft:{craft.pk}"
    body = _filtered_list_body(request, key, "catalog/_craft_body.html", context, scopes=[key])
    return render(request, "catalog/craft_detail.html", {"craft": craft, "body": body})


#: Where the per-request add-to-cart form goes in a cached product page.
ADD_TO_CART_SLOT = "<!--add-to-cart-->"


@require_GET
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> dict:
        product = selectors.get_live_product(slug)
        images = list(product.images.all())
        json_ld = product_json_ld(request, product, images)
        sections = [section(request, product) for section in product_sections()]
        for section in sections:
            json_ld.update(section.get("json_ld") or {})
        context = {
            "product": product,
            "images": images,
            "more_products": selectors.more_from_artisan(product),
            "json_ld": json_ld,
            "sections": mark_safe("".join(section["html"] for section in sections)),
            "add_to_cart_slot": mark_safe(ADD_TO_CART_SLOT),
        }
        return {
            "html": render_to_string("catalog/_product_body.html", context, request),
            "head": render_to_string("catalog/_product_head.html", context, request),
            "title": f"{product.display_title} · {product.district.tr('name')}",
            "description": Truncator(product.tr("description")).words(30, truncate=" …"),
            "product": {"pk": product.pk, "stock": product.stock},
        }

    # Its absolute URLs (JSON-LD, OpenGraph) come from SITE_ORIGIN, not from the request.
    body = cached_fragment(
        f"product:{slug}",
        product_slug=slug,
        query=request.GET,
        allowed_params=SECTION_PARAMS,
        build=build,
    )
    form = render_to_string("orders/_add_to_cart.html", {"product": body["product"]}, request)
    body["html"] = mark_safe(body["html"].replace(ADD_TO_CART_SLOT, form))
    body["head"] = mark_safe(body["head"])
    return render(request, "catalog/product_detail.html", {"body": body})


@require_GET
def artisan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    artisan = selectors.get_approved_artisan(slug)
    page = selectors.paginate(selectors.artisan_products(artisan), request.GET.get("page"))
    og_image = absolute_url(artisan.photo.url) if artisan.photo else ""
    context = {
        "artisan": artisan,
        "rating": selectors.artisan_rating(artisan),
        "page_obj": page,
        "products": page.object_list,
        "og_image": og_image,
    }
    return render(request, "catalog/artisan_detail.html", context)


@require_GET
def collection_detail(request: HttpRequest, slug: str) -> HttpResponse:
    collection = selectors.get_published_collection(slug)
    page = selectors.paginate(selectors.collection_products(collection), request.GET.get("page"))
    context = {"collection": collection, "page_obj": page, "products": page.object_list}
    return render(request, "catalog/collection_detail.html", context)
