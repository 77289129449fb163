"""Writes to someone else's object: a 404 (ids reveal nothing) and nothing changes.

The matrix in test_url_matrix.py opens every URL with GET; these post the forms that
change things, as the wrong person, and check the database afterwards.
"""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from catalog.models import Product
from orders.models import CartItem, Order, SubOrder
from tests.factories import AddressFactory, DistrictFactory, ReadyProductImageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_another_artisan_cannot_edit_a_product(world, clients):
    url = reverse("console:product_edit", kwargs={"pk": world.product_a.pk})
    data = {"title": "Hijacked", "craft": world.product_a.craft_id, "price": "1", "stock": "1"}

    for role in ("seller_b", "pending"):
        assert clients[role].post(url, data).status_code == 404

    world.product_a.refresh_from_db()
    assert world.product_a.title == "Saree from A"


def test_another_artisan_cannot_archive_a_product(world, clients):
    url = reverse("console:product_archive", kwargs={"pk": world.product_a.pk})

    for role in ("seller_b", "pending"):
        assert clients[role].post(url).status_code == 404

    world.product_a.refresh_from_db()
    assert world.product_a.status == Product.Status.PUBLISHED


def test_another_artisan_cannot_open_a_draft_product_by_guessing_its_id(world, clients):
    url = reverse("console:product_edit", kwargs={"pk": world.draft_a.pk})
    assert clients["seller_b"].get(url).status_code == 404
    assert clients["seller_a"].get(url).status_code == 200


def test_another_artisan_cannot_move_a_sub_order(world, clients):
    suborder = world.suborder_a
    url = reverse("console:order_detail", kwargs={"pk": suborder.pk})

    response = clients["seller_b"].post(url, {"action": "accept"})
    assert response.status_code == 404
    response = clients["seller_b"].post(url, {"action": "cancel", "reason": "not mine"})
    assert response.status_code == 404

    suborder.refresh_from_db()
    assert suborder.status == SubOrder.Status.PLACED


def test_the_owner_of_the_sub_order_can_move_it(world, clients):
    """The same post as above, by artisan A, works: the 404 above is about ownership."""
    suborder = world.suborder_a
    url = reverse("console:order_detail", kwargs={"pk": suborder.pk})

    clients["seller_a"].post(url, {"action": "accept"})

    suborder.refresh_from_db()
    assert suborder.status == SubOrder.Status.ACCEPTED


def test_another_shopper_cannot_see_or_cancel_an_order(world, clients):
    world_client = clients["shopper"]
    other = clients["anonymous"]
    other.force_login(world.users["other_shopper"])
    detail = reverse("orders:order_detail", kwargs={"number": world.order.number})
    cancel = reverse("orders:order_cancel", kwargs={"number": world.order.number})

    assert other.get(detail).status_code == 404
    assert other.post(cancel).status_code == 404
    assert other.post(cancel, {"suborder": world.suborder_a.pk}).status_code == 404
    assert clients["seller_a"].post(cancel).status_code == 404  # artisans use /sell/orders/

    assert set(world.order.suborders.values_list("status", flat=True)) == {"placed"}
    assert world_client.get(detail).status_code == 200


def test_a_shopper_cannot_cancel_a_part_of_their_order_that_belongs_to_another_order(
    world, clients
):
    other_part = world.other_order.suborders.get()
    cancel = reverse("orders:order_cancel", kwargs={"number": world.order.number})

    response = clients["shopper"].post(cancel, {"suborder": other_part.pk})

    assert response.status_code == 404
    other_part.refresh_from_db()
    assert other_part.status == SubOrder.Status.PLACED


def test_another_person_cannot_change_or_remove_a_cart_line(world, clients):
    item = world.objects["cart_item"]
    update = reverse("orders:cart_update", kwargs={"pk": item.pk})
    remove = reverse("orders:cart_remove", kwargs={"pk": item.pk})

    for role in ("anonymous", "seller_a", "curator"):
        assert clients[role].post(update, {"quantity": "5"}).status_code == 404
        assert clients[role].post(remove).status_code == 404

    item.refresh_from_db()
    assert item.quantity == 1
    assert CartItem.objects.filter(pk=item.pk).exists()


def test_a_buyer_cannot_ship_to_another_buyers_saved_address(world, clients):
    theirs = AddressFactory(user=world.users["other_shopper"], line1="Their house")
    client = clients["shopper"]
    client.get(reverse("orders:checkout"))
    before = Order.objects.count()

    response = client.post(
        reverse("orders:checkout"),
        {
            "address": str(theirs.pk),
            "payment_method": "cod",
            "idempotency_key": client.session["checkout_key"],
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["address"]
    assert Order.objects.count() == before
    assert "Their house" not in response.content.decode()


def test_fields_that_are_not_on_the_listing_form_cannot_be_posted(world, clients):
    """Owner, district, GI verification and status come from the server, not the form."""
    product = world.draft_a
    ReadyProductImageFactory(product=product)
    other = DistrictFactory(name="Agra", slug="agra")
    data = {
        "title": "Renamed draft",
        "craft": product.craft_id,
        "price": "300",
        "fulfilment": "ready",
        "stock": "3",
        "processing_days": "0",
        "action": "draft",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "new-TOTAL_FORMS": "0",
        "new-INITIAL_FORMS": "0",
        # Not on the form:
        "seller": world.seller_b.pk,
        "district": other.pk,
        "gi_verified": "on",
        "status": "published",
        "slug": "hijacked-slug",
    }

    response = clients["seller_a"].post(
        reverse("console:product_edit", kwargs={"pk": product.pk}), data
    )

    assert response.status_code == 302
    product.refresh_from_db()
    assert product.title == "Renamed draft"  # the post was accepted…
    assert product.seller == world.seller_a  # …and nothing else moved
    assert product.district == world.seller_a.district
    assert product.gi_verified is False
    assert product.status == Product.Status.DRAFT
    assert product.slug == "draft-of-a"


def test_sign_in_never_sends_the_user_off_site(world):
    user = UserFactory(email="verified@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client = Client()
    url = reverse("account_login") + "?next=https://evil.example/steal"

    response = client.post(
        url, {"login": user.email, "password": "correct-horse-battery", "next": "//evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
