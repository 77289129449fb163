"""Read queries for the public catalogue. Each returns what a page needs in a fixed
number of queries, whatever the number of products shown."""

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.shortcuts import get_object_or_404

from catalog.models import CARD_DEFERRED_FIELDS, Collection, FeaturedProduct, Product, ProductImage
from catalog.sorting import IN_STOCK, NEWEST_FIRST, VERIFIED_GI, apply_sort, price_range
from districts.models import Craft, District, ODOPProduct
from kernel.i18n import TranslatedMixin
from sellers.models import SellerProfile

PAGE_SIZE = 24

_current_odop = Prefetch(
    "odop_products",
    queryset=ODOPProduct.objects.filter(is_current=True)
    .select_related("craft", "gi_tag")
    .order_by("name"),
    to_attr="current_odop",
)


def live_products() -> QuerySet[Product]:
    """Published products of approved artisans, with what a card shows prefetched."""
    return Product.objects.live().cards()


def paginate(queryset: QuerySet, page_number: str | None, per_page: int = PAGE_SIZE) -> Page:
    """A page of results; a page that is not a number or past the end gives the nearest page."""
    return Paginator(queryset, per_page).get_page(page_number)


# --- Home and district index ----------------------------------------------------------


def featured_districts() -> list[District]:
    return list(
        District.objects.filter(is_featured=True)
        .prefetch_related(_current_odop)
        .order_by("featured_order", "name")
    )


def published_collections() -> list[Collection]:
    return list(Collection.objects.filter(is_published=True).order_by("position", "title"))


def crafts() -> list[Craft]:
    return list(Craft.objects.order_by("name"))


def newest_products(limit: int = 10) -> list[Product]:
    return list(live_products().order_by(*NEWEST_FIRST)[:limit])


@dataclass
class Division(TranslatedMixin):
    name: str
    name_hi: str
    districts: list[District]


def districts_by_division(query: str = "") -> list[Division]:
    """All districts grouped by division, optionally filtered by district name in either script."""
    districts = District.objects.prefetch_related(_current_odop).order_by("division", "name")
    query = query.strip()
    if query:
        districts = districts.filter(Q(name__icontains=query) | Q(name_hi__icontains=query))
    return [
        Division(name=division, name_hi=(members := list(group))[0].division_hi, districts=members)
        for division, group in groupby(districts, key=lambda d: d.division)
    ]


# --- District microsite ---------------------------------------------------------------


def get_district(slug: str) -> District:
    district = District.objects.filter(slug=slug).first()
    if district is None:
        raise Http404
    return district


def prefetch_district_details(district: District) -> None:
    """The district's current ODOP products and GI tags, for its microsite's hero."""
    prefetch_related_objects([district], _current_odop, "gi_tags")


def district_featured_products(district: District) -> list[Product]:
    """The curators' picks for a district, in their order, leaving out anything not live."""
    entries = (
        FeaturedProduct.objects.filter(district=district)
        .filter(product__in=Product.objects.live())
        .select_related("product__district", "product__craft", "product__seller")
        .defer(*(f"product__{field}" for field in CARD_DEFERRED_FIELDS))
        .prefetch_related(
            Prefetch(
                "product__images",
                queryset=ProductImage.objects.order_by("position", "pk"),
            )
        )
        .order_by("position", "pk")
    )
    return [entry.product for entry in entries]


ARTISANS_SHOWN = 12


def district_artisans(district: District, limit: int = ARTISANS_SHOWN) -> list[SellerProfile]:
    """Up to ``limit`` approved artisans, plus one more when there are more (to say so)."""
    return list(
        SellerProfile.objects.filter(district=district, status=SellerProfile.Status.APPROVED)
        .select_related("craft")
        .order_by("display_name", "pk")[: limit + 1]
    )


def district_crafts(district: District) -> list[Craft]:
    """Crafts that the district's live products belong to (the craft filter's choices)."""
    return list(
        Craft.objects.filter(products__in=Product.objects.live().filter(district=district))
        .distinct()
        .order_by("name")
    )


def filter_products(
    queryset: QuerySet[Product], values: dict, *, district: District | None = None
) -> QuerySet[Product]:
    """Apply the cleaned values of ProductFilterForm: craft, price range, stock, GI, sort."""
    if values.get("craft"):
        queryset = queryset.filter(craft__slug=values["craft"])
    queryset = queryset.filter(
        price_range(low=values.get("min_price"), high=values.get("max_price"))
    )
    if values.get("in_stock"):
        queryset = queryset.filter(IN_STOCK)
    if values.get("gi"):
        queryset = queryset.filter(VERIFIED_GI)
    return sort_products(queryset, values.get("sort") or "featured", district=district)


def sort_products(
    queryset: QuerySet[Product], sort: str, *, district: District | None = None
) -> QuerySet[Product]:
    """Order by one of catalog.sorting's listing sorts; "featured" needs a district."""
    if sort == "featured":
        if district is None:
            sort = "newest"
        else:
            position = FeaturedProduct.objects.filter(
                district=district, product=OuterRef("pk")
            ).values("position")[:1]
            queryset = queryset.annotate(featured_position=Subquery(position))
    return apply_sort(queryset, sort)


# --- Product, artisan, craft and collection pages -------------------------------------


def get_live_product(slug: str) -> Product:
    """A product the public may see, or 404 (draft, archived, unapproved artisan, unknown)."""
    product = (
        Product.objects.live()
        .for_listing()
        .select_related("gi_tag", "seller__craft")
        .filter(slug=slug)
        .first()
    )
    if product is None:
        raise Http404
    return product


def more_from_artisan(product: Product, limit: int = 4) -> list[Product]:
    return list(
        live_products()
        .filter(seller_id=product.seller_id)
        .exclude(pk=product.pk)
        .order_by(*NEWEST_FIRST)[:limit]
    )


def get_approved_artisan(slug: str) -> SellerProfile:
    artisan = (
        SellerProfile.objects.filter(slug=slug, status=SellerProfile.Status.APPROVED)
        .select_related("district", "craft")
        .first()
    )
    if artisan is None:
        raise Http404
    return artisan


def artisan_rating(artisan: SellerProfile) -> dict:
    """The artisan's overall rating over their live products' published reviews:
    {"count": n, "average": Decimal | None}, in one query."""
    totals = (
        Product.objects.live()
        .filter(seller=artisan)
        .aggregate(count=Sum("rating_count"), total=Sum("rating_sum"))
    )
    count = totals["count"] or 0
    average = (Decimal(totals["total"]) / count).quantize(Decimal("0.1")) if count else None
    return {"count": count, "average": average}


def artisan_products(artisan: SellerProfile) -> QuerySet[Product]:
    return live_products().filter(seller=artisan).order_by(*NEWEST_FIRST)


def get_craft(slug: str) -> Craft:
    craft = Craft.objects.filter(slug=slug).first()
    if craft is None:
        raise Http404
    return craft


def craft_districts(craft: Craft) -> list[District]:
    """Districts whose current ODOP product is of this craft."""
    return list(
        District.objects.filter(odop_products__craft=craft, odop_products__is_current=True)
        .distinct()
        .order_by("name")
    )


def get_published_collection(slug: str) -> Collection:
    collection = Collection.objects.filter(slug=slug, is_published=True).first()
    if collection is None:
        raise Http404
    return collection


def collection_products(collection: Collection) -> QuerySet[Product]:
    return (
        live_products()
        .filter(collectionitem__collection=collection)
        .order_by("collectionitem__position", "collectionitem__pk")
    )


# --- An artisan's own listings (the console) ------------------------------------------

#: A ready-to-ship product with this many pieces or fewer gets a warning on the dashboard.
LOW_STOCK = 3


def seller_products(seller: SellerProfile) -> QuerySet[Product]:
    """The artisan's own listings with their photos, newest first, archived last."""
    return (
        Product.objects.filter(seller=seller)
        .select_related("craft")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
        )
        .alias(is_archived=Case(When(status=Product.Status.ARCHIVED, then=1), default=0))
        .order_by("is_archived", "-created_at", "-pk")
    )


def own_product(seller: SellerProfile, pk: int) -> Product:
    """One of the artisan's products; 404 for anyone else's, so ids reveal nothing."""
    return get_object_or_404(
        Product.objects.select_related("seller", "district", "craft", "gi_tag"),
        pk=pk,
        seller=seller,
    )


def product_counts(seller: SellerProfile) -> dict[str, int]:
    """Live, draft, out-of-stock and low-stock counts, in one query."""
    ready_live = Q(status=Product.Status.PUBLISHED, fulfilment=Product.Fulfilment.READY)
    return Product.objects.filter(seller=seller).aggregate(
        live=Count("pk", filter=Q(status=Product.Status.PUBLISHED)),
        draft=Count("pk", filter=Q(status=Product.Status.DRAFT)),
        out_of_stock=Count("pk", filter=ready_live & Q(stock=0)),
        low_stock=Count("pk", filter=ready_live & Q(stock__gt=0, stock__lte=LOW_STOCK)),
    )


def low_stock_products(seller: SellerProfile, limit: int = 10) -> list[Product]:
    """Ready-to-ship products with few or no pieces left, the emptiest first."""
    return list(
        Product.objects.filter(
            seller=seller,
            status__in=[Product.Status.PUBLISHED, Product.Status.DRAFT],
            fulfilment=Product.Fulfilment.READY,
        )
        .filter(stock__lte=LOW_STOCK)
        .order_by("stock", "pk")[:limit]
    )


def live_listing_counts(district_ids=None) -> dict[int, int]:
    """{district id: live products}, for the ODOP cell's dashboard."""
    products = Product.objects.live()
    if district_ids is not None:
        products = products.filter(district_id__in=list(district_ids))
    rows = products.values("district_id").annotate(n=Count("pk")).order_by()
    return {row["district_id"]: row["n"] for row in rows}
