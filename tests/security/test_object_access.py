"""Writes to someone else's object: a 404 (ids reveal nothing) and nothing changes.

The matrix in test_url_matrix.py opens every URL with GET; these post the forms that
change things, as the wrong person, and check the database afterwards.
"""

import pytest
from django.urls import reverse

from catalog.models import Product
from orders.models import CartItem, SubOrder

pytestmark = pytest.mark.django_db


def test_another_artisan_cannot_edit_a_product(world, clients):
    url = reverse("sellers:product_edit", kwargs={"pk": world.product_a.pk})
    data = {"title": "Hijacked", "craft": world.product_a.craft_id, "price": "1", "stock": "1"}

    for role in ("seller_b", "pending"):
        assert clients[role].post(url, data).status_code == 404

    world.product_a.refresh_from_db()
    assert world.product_a.title == "Saree from A"


def test_another_artisan_cannot_archive_a_product(world, clients):
    url = reverse("sellers:product_archive", kwargs={"pk": world.product_a.pk})

    for role in ("seller_b", "pending"):
        assert clients[role].post(url).status_code == 404

    world.product_a.refresh_from_db()
    assert world.product_a.status == Product.Status.PUBLISHED


def test_another_artisan_cannot_open_a_draft_product_by_guessing_its_id(world, clients):
    url = reverse("sellers:product_edit", kwargs={"pk": world.draft_a.pk})
    assert clients["seller_b"].get(url).status_code == 404
    assert clients["seller_a"].get(url).status_code == 200


def test_another_artisan_cannot_move_a_sub_order(world, clients):
    suborder = world.suborder_a
    url = reverse("sellers:seller_orders:detail", kwargs={"pk": suborder.pk})

    response = clients["seller_b"].post(url, {"action": "accept"})
    assert response.status_code == 404
    response = clients["seller_b"].post(url, {"action": "cancel", "reason": "not mine"})
    assert response.status_code == 404

    suborder.refresh_from_db()
    assert suborder.status == SubOrder.Status.PLACED


def test_the_owner_of_the_sub_order_can_move_it(world, clients):
    """The same post as above, by artisan A, works: the 404 above is about ownership."""
    suborder = world.suborder_a
    url = reverse("sellers:seller_orders:detail", kwargs={"pk": suborder.pk})

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
