import pytest

from catalog.models import Product
from tests.factories import CollectionFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db


def test_sitemap_index_lists_every_section(client):
    ProductFactory()
    body = client.get("/sitemap.xml").content.decode()
    for section in ["pages", "districts", "crafts", "products", "artisans", "collections"]:
        assert f"http://testserver/sitemap-{section}.xml" in body


def test_product_sitemap_has_both_languages_with_alternates(client):
    product = ProductFactory(slug="brass-diya")
    ProductFactory(slug="draft-diya", status=Product.Status.DRAFT)
    ProductFactory(slug="hidden-diya", seller=SellerFactory(status="suspended"))
    body = client.get("/sitemap-products.xml").content.decode()
    assert "<loc>http://testserver/products/brass-diya/</loc>" in body
    assert "<loc>http://testserver/hi/products/brass-diya/</loc>" in body
    assert 'hreflang="hi" href="http://testserver/hi/products/brass-diya/"' in body
    assert "draft-diya" not in body
    assert "hidden-diya" not in body
    del product


def test_sitemap_lists_districts_artisans_and_published_collections(client):
    product = ProductFactory()
    CollectionFactory(slug="festive-gifts")
    CollectionFactory(slug="secret", is_published=False)
    SellerFactory(slug="pending-artisan", status="pending")
    districts = client.get("/sitemap-districts.xml").content.decode()
    assert f"http://testserver/hi/districts/{product.district.slug}/" in districts
    artisans = client.get("/sitemap-artisans.xml").content.decode()
    assert f"http://testserver/artisans/{product.seller.slug}/" in artisans
    assert "pending-artisan" not in artisans
    collections = client.get("/sitemap-collections.xml").content.decode()
    assert "http://testserver/hi/collections/festive-gifts/" in collections
    assert "secret" not in collections


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    for path in ["/sell/", "/cart/", "/checkout/", "/orders/", "/accounts/", "/admin/"]:
        assert f"Disallow: {path}\n" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
