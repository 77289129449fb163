"""HTML goes out gzipped where that cannot leak a secret (issue 14; SECURITY.md, BREACH).

Public pages for visitors who are not signed in carry no secret but the CSRF token,
which Django masks afresh in every response; pages for signed-in people (names,
addresses, orders) and pages marked private are sent as they are.
"""

import gzip
import re

import pytest
from django.urls import reverse

from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def district_url():
    product = ProductFactory(title="Gulabi meenakari brooch")
    for _ in range(11):
        ProductFactory(seller=product.seller, district=product.district, craft=product.craft)
    return product.district.get_absolute_url()


def test_a_district_page_goes_out_gzipped_to_a_visitor(client, district_url):
    plain = client.get(district_url)
    response = client.get(district_url, **GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content)
    assert b"Gulabi meenakari brooch" in html
    assert len(response.content) < len(plain.content) / 3
    assert "Content-Encoding" not in plain  # a browser that does not ask gets plain HTML


def test_the_hindi_product_page_is_gzipped_and_carries_no_csrf_token(client):
    """The public copy has no secret at all: its forms' token is fetched on submit."""
    url = f"/hi{ProductFactory().get_absolute_url()}"

    response = client.get(url, **GZIP)

    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"].startswith("public")
    assert TOKEN.search(gzip.decompress(response.content)) is None


def test_a_visitor_with_a_cart_gets_a_gzipped_private_page_with_a_fresh_token_each_time(client):
    product = ProductFactory(stock=5)
    client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})
    client.get(reverse("orders:cart"))  # shows (and so clears) the "in your cart" message
    url = f"/hi{product.get_absolute_url()}"

    first, second = client.get(url, **GZIP), client.get(url, **GZIP)

    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert first["Cache-Control"] == "private, no-cache"
    tokens = [TOKEN.search(gzip.decompress(r.content)).group(1) for r in (first, second)]
    assert tokens[0] != tokens[1]


def test_pages_for_signed_in_people_are_not_compressed(client, district_url):
    client.force_login(UserFactory())
    for url in [district_url, reverse("orders:order_list"), reverse("account_email")]:
        response = client.get(url, **GZIP)
        assert response.status_code == 200
        assert "Content-Encoding" not in response, url


def test_private_pages_are_not_compressed(client):
    response = client.get(reverse("account_login"), **GZIP)  # never_cache: private
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "Content-Encoding" not in response


def test_only_html_is_compressed(client):
    ProductFactory()
    response = client.get("/sitemap-products.xml", **GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response
