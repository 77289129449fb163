"""Cached district, craft and home pages: fast on a repeat visit, never stale after a change."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from catalog.page_cache import catalog_version
from sellers.models import SellerProfile
from tests.factories import ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def product():
    return ProductFactory(title="Gulabi meenakari brooch", stock=5)


def _without_csrf_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def _district_url(product: Product) -> str:
    return product.district.get_absolute_url()


def test_a_repeat_visit_to_a_district_page_is_served_from_the_cache(
    client, product, django_assert_max_num_queries
):
    first = client.get(_district_url(product))
    # The version, the district itself; nothing about its products, artisans or filters.
    with django_assert_max_num_queries(2):
        second = client.get(_district_url(product))
    # Equal but for the CSRF tokens of the per-visitor forms (masked anew on each request).
    assert _without_csrf_tokens(second.content) == _without_csrf_tokens(first.content)
    assert "Gulabi meenakari brooch" in second.content.decode()


def test_a_renamed_product_shows_on_its_district_page_at_once(client, product):
    client.get(_district_url(product))
    product.title = "Neela meenakari brooch"
    product.save()

    page = client.get(_district_url(product)).content.decode()

    assert "Neela meenakari brooch" in page
    assert "Gulabi meenakari brooch" not in page


def test_a_stock_change_made_with_a_bulk_update_shows_at_once(client, product):
    client.get(_district_url(product))
    Product.objects.filter(pk=product.pk).update(stock=0)

    page = client.get(_district_url(product)).content.decode()

    assert "Out of stock" in page


def test_suspending_the_artisan_removes_the_product_from_the_cached_page(client, product):
    assert "Gulabi meenakari brooch" in client.get(_district_url(product)).content.decode()
    SellerProfile.objects.filter(pk=product.seller_id).update(status="suspended")

    assert "Gulabi meenakari brooch" not in client.get(_district_url(product)).content.decode()


def test_the_home_page_shows_a_new_product_at_once(client, product):
    client.get("/")
    ProductFactory(seller=SellerFactory(), title="Fresh terracotta lamp")

    assert "Fresh terracotta lamp" in client.get("/").content.decode()


def test_pages_are_cached_per_language(client, product):
    product.title_hi = "गुलाबी मीनाकारी ब्रोच"
    product.save()
    client.get(_district_url(product))

    page = client.get("/hi" + _district_url(product)).content.decode()

    assert "गुलाबी मीनाकारी ब्रोच" in page


def test_filtered_pages_are_cached_separately(client, product):
    ProductFactory(seller=product.seller, title="Costly silver box", price=9000)
    url = _district_url(product)
    client.get(url, {"max_price": "1000"})

    page = client.get(url, {"min_price": "5000"}).content.decode()

    assert "Costly silver box" in page
    assert "Gulabi meenakari brooch" not in page


def test_unknown_query_parameters_bypass_the_cache(client, product):
    url = _district_url(product)
    client.get(url, {"utm_source": "whatsapp"})
    with CaptureQueriesContext(connection) as repeat:
        client.get(url, {"utm_source": "whatsapp"})
    # Built again: the district's products, artisans and filter choices are queried.
    assert len(repeat.captured_queries) > 2


def test_an_edit_inside_a_transaction_is_seen_by_that_transaction(client, product):
    """The version moves in the writing transaction, so the writer never reads a page
    cached before its own change (the other sessions' side: test_page_cache_scopes)."""
    client.get(_district_url(product))
    before = catalog_version()
    with transaction.atomic():
        Product.objects.filter(pk=product.pk).update(title="Lal meenakari brooch")
        assert "Lal meenakari brooch" in client.get(_district_url(product)).content.decode()
    assert catalog_version() == before  # a product edit leaves the other pages cached


def test_a_cached_product_page_still_gets_a_fresh_add_to_cart_form(
    client, product, django_assert_max_num_queries
):
    client.get(product.get_absolute_url())
    with django_assert_max_num_queries(1):  # the versions, nothing else
        page = client.get(product.get_absolute_url()).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'max="5"' in page

    Product.objects.filter(pk=product.pk).update(stock=2)
    page = client.get(product.get_absolute_url()).content.decode()
    assert 'max="2"' in page
    assert "Only 2 left" in page


def test_an_unpublished_product_is_a_404_even_after_being_cached(client, product):
    assert client.get(product.get_absolute_url()).status_code == 200
    Product.objects.filter(pk=product.pk).update(status=Product.Status.ARCHIVED)

    assert client.get(product.get_absolute_url()).status_code == 404
