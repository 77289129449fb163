"""The wishlist: a heart without JavaScript, a session list merged at sign-in, and no
visitor's hearts in anyone else's cached page."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from engagement.models import WishlistItem
from orders.models import CartItem
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

SAVED = 'aria-pressed="true"'


def save(client, product):
    return client.post(
        reverse("engagement:wishlist_toggle"),
        {"product": product.pk, "next": product.get_absolute_url()},
    )


def test_the_heart_is_a_plain_form_post_and_toggles(client, product):
    body = client.get(product.get_absolute_url()).content.decode()
    assert f'action="{reverse("engagement:wishlist_toggle")}"' in body
    assert SAVED not in body
    response = save(client, product)
    assert response.status_code == 302
    assert response["Location"] == product.get_absolute_url()
    assert SAVED in client.get(product.get_absolute_url()).content.decode()
    save(client, product)
    assert SAVED not in client.get(product.get_absolute_url()).content.decode()


def test_the_anonymous_wishlist_merges_at_sign_in(client, product):
    other = ProductFactory()
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    WishlistItem.objects.create(user=user, product=other)
    save(client, product)
    save(client, other)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert set(WishlistItem.objects.filter(user=user).values_list("product_id", flat=True)) == {
        product.pk,
        other.pk,
    }
    assert "wishlist" not in client.session
    page = client.get(reverse("engagement:wishlist"))
    assert {p.pk for p in page.context["products"]} == {product.pk, other.pk}


def test_no_visitors_hearts_appear_on_another_visitors_cached_page(product):
    ProductFactory.create_batch(3, seller=product.seller)
    district = product.district.get_absolute_url()
    alice, bob, anonymous = Client(), Client(), Client()
    alice.force_login(UserFactory())
    bob.force_login(UserFactory())
    save(alice, product)
    # Alice's visit builds the cached fragment; Bob and an anonymous visitor get it next.
    assert alice.get(district).content.decode().count(SAVED) == 1
    assert SAVED not in bob.get(district).content.decode()
    assert SAVED not in anonymous.get(district).content.decode()
    assert SAVED not in bob.get(product.get_absolute_url()).content.decode()
    # And the other way round: a page cached by Bob still shows Alice her heart.
    assert alice.get(product.get_absolute_url()).content.decode().count(SAVED) == 1
    save(anonymous, product)
    assert SAVED not in bob.get(district).content.decode()
    assert anonymous.get(district).content.decode().count(SAVED) == 1


def test_each_visitor_gets_their_own_csrf_token_in_cached_pages(product):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    url = product.district.get_absolute_url()
    first.get(url)
    body = second.get(url).content.decode()
    # The shared copy carries nobody's token (odop_market/http_cache.py); the heart's form
    # gets this visitor's own from /csrf/ when it is sent.
    assert body.split('name="csrfmiddlewaretoken" value="', 1)[1].startswith('"')
    token = second.get("/csrf/").json()["token"]
    response = second.post(
        reverse("engagement:wishlist_toggle"),
        {"product": product.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_the_wishlist_shows_todays_price_and_stock_and_moves_to_cart(client, product):
    user = UserFactory()
    client.force_login(user)
    save(client, product)
    type(product).objects.filter(pk=product.pk).update(price="650.00")
    page = client.get(reverse("engagement:wishlist")).content.decode()
    assert "₹650" in page
    assert "Move to cart" in page  # in stock now
    client.post(reverse("engagement:wishlist_move"), {"product": product.pk})
    assert CartItem.objects.filter(cart__user=user, product=product, quantity=1).exists()
    assert not WishlistItem.objects.filter(user=user).exists()


def test_a_sold_out_product_cannot_be_moved_to_the_cart(client, product):
    type(product).objects.filter(pk=product.pk).update(stock=0)
    save(client, product)
    client.post(reverse("engagement:wishlist_move"), {"product": product.pk})
    assert not CartItem.objects.exists()
    assert "Out of stock" in client.get(reverse("engagement:wishlist")).content.decode()


def test_an_unknown_product_is_a_404(client):
    response = client.post(reverse("engagement:wishlist_toggle"), {"product": "abc"})
    assert response.status_code == 404


def test_the_redirect_never_leaves_the_site(client, product):
    response = client.post(
        reverse("engagement:wishlist_toggle"),
        {"product": product.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == product.get_absolute_url()
