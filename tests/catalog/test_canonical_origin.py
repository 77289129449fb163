"""Absolute URLs come from SITE_ORIGIN, never from the request's Host or scheme (issue 14).

The product page body is cached for every visitor: if its JSON-LD and OpenGraph URLs
followed the request, one request with a forged ``X-Forwarded-Proto`` or ``Host`` would
change them for everyone after.
"""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.catalog.test_product_page import json_ld
from tests.factories import ProductFactory, ReadyProductImageFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://odop.example"
#: As production reads the scheme from the proxy.
BEHIND_PROXY = {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _absolute_urls(html: str) -> set[str]:
    """Every absolute URL of our site in the page (canonical, hreflang, og, JSON-LD)."""
    urls = set(re.findall(r'(?:href|content)="(https?://[^"]+)"', html))
    urls |= set(re.findall(r'"(https?://[^"]+)"', html))
    return {url for url in urls if "schema.org" not in url}


@override_settings(**BEHIND_PROXY)
def test_a_forged_scheme_does_not_change_the_cached_product_page_for_later_visitors(client):
    product = ProductFactory(slug="brass-diya")
    ReadyProductImageFactory(product=product)

    client.get(product.get_absolute_url(), HTTP_HOST="testserver", HTTP_X_FORWARDED_PROTO="https")
    later = client.get(product.get_absolute_url(), HTTP_HOST="testserver")

    data = json_ld(later)
    assert data["url"] == "http://testserver/products/brass-diya/"
    assert data["image"][0].startswith("http://testserver/")
    assert 'property="og:url" content="http://testserver/products/brass-diya/"' in (
        later.content.decode()
    )
    assert all(
        url.startswith("http://testserver/") for url in _absolute_urls(later.content.decode())
    )


@override_settings(SITE_ORIGIN=ORIGIN, ALLOWED_HOSTS=["testserver", "localhost"], **BEHIND_PROXY)
@pytest.mark.parametrize("path", ["/products/brass-diya/", "/hi/products/brass-diya/"])
def test_every_absolute_url_on_the_product_page_uses_the_site_origin(client, path):
    product = ProductFactory(slug="brass-diya")
    ReadyProductImageFactory(product=product)

    for host, proto in [("localhost", "http"), ("testserver", "https"), ("testserver", "http")]:
        response = client.get(path, HTTP_HOST=host, HTTP_X_FORWARDED_PROTO=proto)
        html = response.content.decode()
        assert json_ld(response)["url"] == f"{ORIGIN}{path}"
        assert f'<link rel="canonical" href="{ORIGIN}{path}">' in html
        assert f'property="og:url" content="{ORIGIN}{path}"' in html
        urls = _absolute_urls(html)
        assert urls and all(url.startswith(f"{ORIGIN}/") for url in urls), urls


@override_settings(SITE_ORIGIN=ORIGIN, ALLOWED_HOSTS=["testserver", "localhost"])
def test_sitemaps_and_robots_use_the_site_origin(client):
    ProductFactory(slug="brass-diya")

    index = client.get("/sitemap.xml", HTTP_HOST="localhost").content.decode()
    products = client.get("/sitemap-products.xml", HTTP_HOST="localhost").content.decode()
    robots = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()

    assert f"<loc>{ORIGIN}/sitemap-products.xml</loc>" in index
    assert f"<loc>{ORIGIN}/products/brass-diya/</loc>" in products
    assert f'hreflang="hi" href="{ORIGIN}/hi/products/brass-diya/"' in products
    assert f"Sitemap: {ORIGIN}/sitemap.xml" in robots
    assert "localhost" not in index + products + robots
