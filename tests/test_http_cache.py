"""HTTP caching: public catalogue pages may be kept by browsers and nginx; anything with one
visitor's state in it is private; a visitor's copy is revalidated with a 304."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Product
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture
def product():
    return ProductFactory(title="Gulabi meenakari brooch", stock=5)


def _public_urls(product) -> list[str]:
    return [
        "/",
        "/districts/",
        product.district.get_absolute_url(),
        f"/crafts/{product.craft.slug}/",
        product.get_absolute_url(),
        product.seller.get_absolute_url(),
        "/events/",
        "/search/?q=brooch",
        "/hi" + product.get_absolute_url(),
    ]


def _cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_public_pages_can_be_kept_by_browsers_and_shared_caches(client, product):
    for url in _public_urls(product):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _cache_control(response) == {
            "public",
            "max-age=60",
            "s-maxage=300",
            "stale-while-revalidate=600",
        }, url
        assert "Cookie" in response["Vary"], url
        assert response["ETag"].startswith('"'), url
        assert not response.cookies, url  # no CSRF or session cookie in a shared copy


def test_a_shared_page_carries_nobodys_csrf_token(client, product):
    page = client.get(product.get_absolute_url()).content.decode()

    assert TOKEN.findall(page) and set(TOKEN.findall(page)) == {""}
    assert "csrftoken" not in client.cookies


def test_an_unchanged_page_is_answered_with_304(client, product):
    first = client.get(product.district.get_absolute_url())

    again = client.get(product.district.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]


def test_a_changed_page_is_sent_again_with_a_new_etag(client, product):
    first = client.get(product.district.get_absolute_url())
    Product.objects.filter(pk=product.pk).update(title="Neela meenakari brooch")

    again = client.get(product.district.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Neela meenakari brooch" in again.content.decode()


def test_signed_in_pages_are_private_and_still_revalidate(client, product):
    client.force_login(UserFactory())
    url = product.get_absolute_url()

    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert _cache_control(first) == {"private", "no-cache"}
    assert TOKEN.search(first.content.decode()).group(1)  # their own token, as before
    assert again.status_code == 304  # same page but for the token masked anew
    assert _cache_control(again) == {"private", "no-cache"}


def test_a_visitor_with_a_cart_gets_private_pages(client, product):
    client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": 1})

    with_message = client.get(product.district.get_absolute_url())
    after = client.get(product.district.get_absolute_url())

    assert _cache_control(with_message) == {"private", "no-store"}  # "… is in your cart"
    assert "is in your cart" in with_message.content.decode()
    assert _cache_control(after) == {"private", "no-cache"}
    assert 'class="badge cart-count"' in after.content.decode()


def test_pages_outside_the_catalogue_are_never_public(client, product):
    for url in [reverse("orders:cart"), reverse("account_login")]:
        assert "public" not in client.get(url).get("Cache-Control", ""), url


def test_a_form_from_a_shared_page_works_with_the_visitors_own_token(product):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(product.get_absolute_url())

    token = visitor.get("/csrf/")
    response = visitor.post(
        reverse("orders:cart_add"),
        {"csrfmiddlewaretoken": token.json()["token"], "product": product.pk, "quantity": 2},
    )

    assert "no-store" in token["Cache-Control"]
    assert response.status_code == 302
    assert "Gulabi meenakari brooch" in visitor.get(reverse("orders:cart")).content.decode()


def test_without_javascript_the_form_is_offered_again_with_a_valid_token(product):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(product.get_absolute_url())
    form = {"csrfmiddlewaretoken": "", "product": str(product.pk), "quantity": "2"}

    refused = visitor.post(reverse("orders:cart_add"), form)

    assert refused.status_code == 403
    page = refused.content.decode()
    assert "Press the button to send it again" in page
    resent = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))
    assert resent["product"] == str(product.pk) and resent["quantity"] == "2"
    assert visitor.post(reverse("orders:cart_add"), resent).status_code == 302
    assert "Gulabi meenakari brooch" in visitor.get(reverse("orders:cart")).content.decode()


def test_the_resend_page_is_in_hindi_under_hi(product):
    visitor = Client(enforce_csrf_checks=True)

    refused = visitor.post("/hi/cart/add/", {"product": product.pk, "quantity": 1})

    assert refused.status_code == 403
    assert "फिर से भेजें" in refused.content.decode()


def test_the_language_is_the_addresses_so_a_shared_copy_is_one_language(client, product):
    """nginx keys its copies on the URL alone (docs/http-caching.md): a Hindi browser
    asking for the English address must get the English page."""
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    hindi = client.get("/hi/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en">' in english
    assert '<html lang="hi">' in hindi
