"""Each catalogue page makes the same number of queries with 1 and with 48 products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    CollectionFactory,
    FeaturedProductFactory,
    ProductFactory,
    ReadyProductImageFactory,
    SellerFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ["home", "districts", "district", "craft", "artisan", "collection", "product"]


def build_catalogue(count: int) -> dict[str, str]:
    seller = SellerFactory()
    seller.district.is_featured = True
    seller.district.save()
    SellerFactory(district=seller.district, craft=seller.craft)
    collection = CollectionFactory()
    products = ProductFactory.create_batch(count, seller=seller)
    for position, product in enumerate(products):
        ReadyProductImageFactory(product=product)
        ReadyProductImageFactory(product=product, position=1)
        collection.items.create(product=product, position=position)
        if position < 4:
            FeaturedProductFactory(product=product, position=position)
    return {
        "home": "/",
        "districts": "/districts/",
        "district": seller.district.get_absolute_url(),
        "craft": seller.craft.get_absolute_url(),
        "artisan": seller.get_absolute_url(),
        "collection": collection.get_absolute_url(),
        "product": products[0].get_absolute_url(),
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_page_query_count_does_not_grow_with_products(client, page):
    # A product page with no sibling skips the (empty) "more from" photo prefetch, so
    # it compares one sibling against 47.
    small = count_queries(client, build_catalogue(2 if page == "product" else 1)[page])
    large_urls = build_catalogue(48)
    large = count_queries(client, large_urls[page])
    assert small == large


@pytest.mark.parametrize("page", PAGES)
def test_page_makes_at_most_12_queries_with_48_products(
    client, page, django_assert_max_num_queries
):
    url = build_catalogue(48)[page]
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_filtered_hindi_district_page_stays_within_12_queries(
    client, django_assert_max_num_queries
):
    url = build_catalogue(48)["district"]
    with django_assert_max_num_queries(12):
        response = client.get(
            f"/hi{url}", {"sort": "price_desc", "in_stock": "on", "min_price": "1", "page": "2"}
        )
    assert len(response.context["products"]) == 24
