"""Invalidation by what changed: a write empties the cache of the pages that show it, and
of no other page (an order in Agra must not rebuild Varanasi's page)."""

import psycopg2
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalog.models import Product
from catalog.page_cache import scope_versions
from tests.factories import CollectionItemFactory, ProductFactory

pytestmark = pytest.mark.django_db

#: A cached district or craft page: the versions and the district (or craft) row.
CACHED_LIST_QUERIES = 2
#: A cached product page: the versions (with the product's scopes) only.
CACHED_PRODUCT_QUERIES = 1
#: A cached search page: the versions only.
CACHED_SEARCH_QUERIES = 1


@pytest.fixture
def product():
    return ProductFactory(title="Gulabi meenakari brooch", stock=10)


@pytest.fixture
def elsewhere():
    """A product of another artisan, district and craft."""
    return ProductFactory(title="Firozabad glass bangle", stock=10)


def _queries(client, url, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _pages(product) -> dict[str, tuple[str, dict, int]]:
    return {
        "product": (product.get_absolute_url(), {}, CACHED_PRODUCT_QUERIES),
        "district": (product.district.get_absolute_url(), {}, CACHED_LIST_QUERIES),
        "craft": (f"/crafts/{product.craft.slug}/", {}, CACHED_LIST_QUERIES),
        "search": ("/search/", {"q": "meenakari"}, CACHED_SEARCH_QUERIES),
    }


def _warm(client, *products) -> None:
    for product in products:
        for url, params, _cached in _pages(product).values():
            client.get(url, params)


def _served_from_cache(client, product, page: str) -> bool:
    url, params, cached = _pages(product)[page]
    count, _html = _queries(client, url, **params)
    return count <= cached


def test_a_warm_page_is_served_from_the_cache(client, product):
    _warm(client, product)

    assert all(_served_from_cache(client, product, page) for page in _pages(product))


def test_a_new_title_rebuilds_the_pages_that_show_the_product_and_no_other(
    client, product, elsewhere
):
    collection = CollectionItemFactory(product=product).collection
    other_collection = CollectionItemFactory(product=elsewhere).collection
    _warm(client, product, elsewhere)
    collections_before = scope_versions([f"collection:{collection.pk}"])
    others_before = scope_versions([f"collection:{other_collection.pk}"])

    product.title = "Neela meenakari brooch"
    product.save()

    for page in ("product", "district", "craft", "search"):
        url, params, cached = _pages(product)[page]
        count, html = _queries(client, url, **params)
        assert count > cached, page
        assert "Neela meenakari brooch" in html, page
        assert "Gulabi meenakari brooch" not in html, page
    assert scope_versions([f"collection:{collection.pk}"]) != collections_before
    # Another district's, craft's and product's pages stay cached.
    assert _served_from_cache(client, elsewhere, "district")
    assert _served_from_cache(client, elsewhere, "craft")
    assert _served_from_cache(client, elsewhere, "product")
    assert scope_versions([f"collection:{other_collection.pk}"]) == others_before


def test_a_stock_change_that_shows_nowhere_invalidates_nothing(client, product):
    _warm(client, product)
    before = scope_versions([f"district:{product.district_id}"], product_slug=product.slug)

    Product.objects.filter(pk=product.pk).update(stock=9)  # 10 → 9: still "In stock"

    assert scope_versions([f"district:{product.district_id}"], product_slug=product.slug) == (
        before
    )
    assert all(_served_from_cache(client, product, page) for page in _pages(product))


def test_selling_the_last_piece_shows_out_of_stock_everywhere(client, product):
    Product.objects.filter(pk=product.pk).update(stock=1)
    _warm(client, product)

    Product.objects.filter(pk=product.pk).update(stock=0)

    _count, district = _queries(client, product.district.get_absolute_url())
    assert "Out of stock" in district
    _count, page = _queries(client, product.get_absolute_url())
    assert "This product is out of stock." in page
    assert not _served_from_cache(client, product, "search")  # its in-stock facet moved


def test_only_n_left_rebuilds_the_product_page_alone(client, product, elsewhere):
    _warm(client, product)

    Product.objects.filter(pk=product.pk).update(stock=Product.FEW_LEFT)

    _count, page = _queries(client, product.get_absolute_url())
    assert f"Only {Product.FEW_LEFT} left" in page
    # Listings show in stock / out of stock only: they stay cached.
    assert _served_from_cache(client, product, "district")
    assert _served_from_cache(client, product, "craft")
    assert _served_from_cache(client, product, "search")


def test_a_raw_sql_update_is_seen_like_any_other_write(client, product, elsewhere):
    _warm(client, product, elsewhere)

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE catalog_product SET title = %s WHERE id = %s", ["Raw SQL brooch", product.pk]
        )

    _count, district = _queries(client, product.district.get_absolute_url())
    assert "Raw SQL brooch" in district
    assert _served_from_cache(client, elsewhere, "district")


def test_moving_a_product_to_another_district_rebuilds_both(client, product, elsewhere):
    _warm(client, product, elsewhere)

    Product.objects.filter(pk=product.pk).update(district=elsewhere.district)

    _count, old_home = _queries(client, product.district.get_absolute_url())
    _count, new_home = _queries(client, elsewhere.district.get_absolute_url())
    assert "Gulabi meenakari brooch" not in old_home
    assert "Gulabi meenakari brooch" in new_home


def test_a_product_page_cached_under_a_slug_follows_the_slug(client, product):
    old_url = product.get_absolute_url()
    client.get(old_url)

    Product.objects.filter(pk=product.pk).update(slug="renamed-brooch")

    assert client.get(old_url).status_code == 404
    assert client.get("/products/renamed-brooch/").status_code == 200


def test_the_template_threshold_is_the_one_the_trigger_uses():
    from importlib import import_module

    migration = import_module("catalog.migrations.0013_cache_scopes")
    assert migration.FEW_LEFT == Product.FEW_LEFT


@pytest.mark.django_db(transaction=True)
def test_a_reader_sees_a_new_version_only_together_with_the_new_data():
    """The race the old sequence left open: another session must not see the new version
    while the change is uncommitted (it would cache the old rows under it)."""
    product = ProductFactory(title="Before")
    db = settings.DATABASES["default"]
    reader = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or 5432
    )
    reader.autocommit = True
    query = (
        "SELECT version, (SELECT title FROM catalog_product WHERE id = %s) "
        "FROM catalog_cache_scope WHERE scope = %s"
    )
    scope = f"district:{product.district_id}"

    def read():
        with reader.cursor() as cursor:
            cursor.execute(query, [product.pk, scope])
            return cursor.fetchone()

    try:
        before = read()
        with transaction.atomic():
            Product.objects.filter(pk=product.pk).update(title="After")
            assert read() == before  # uncommitted: neither the version nor the data
        version, title = read()
        assert title == "After"
        assert version != before[0]
    finally:
        reader.close()


def test_the_trigger_compares_every_column_a_page_can_show():
    from importlib import import_module

    migration = import_module("catalog.migrations.0013_cache_scopes")
    columns = {field.column for field in Product._meta.concrete_fields}
    assert set(migration.SHOWN_COLUMNS) == columns - set(migration.NOT_SHOWN)
