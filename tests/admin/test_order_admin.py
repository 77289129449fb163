"""Operations watch orders in the admin; curators cannot; a date range exports as CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.models import Order, SubOrder
from tests.factories import (
    DistrictFactory,
    OrderFactory,
    ProductFactory,
    SellerFactory,
    SubOrderFactory,
    UserFactory,
    place_test_order,
)

pytestmark = pytest.mark.django_db

ORDERS = "/admin/orders/order/"
EXPORT = "/admin/orders/order/export/"
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))


def make_order(*, sellers, placed_at=None, number=None, status=SubOrder.Status.PLACED) -> Order:
    """An order with one sub-order and one line per artisan (as checkout writes them)."""
    n = len(sellers)
    extra = {"number": number} if number else {}
    order = OrderFactory(
        subtotal=Decimal("500.00") * n,
        shipping_total=Decimal("60.00") * n,
        total=Decimal("560.00") * n,
        placed_at=placed_at or timezone.now(),
        **extra,
    )
    for seller in sellers:
        SubOrderFactory(order=order, seller=seller, status=status)
    return order


def test_a_curator_gets_403_on_every_order_page(curator_client):
    order = make_order(sellers=[SellerFactory()])
    for url in [
        ORDERS,
        f"{ORDERS}{order.pk}/change/",
        "/admin/orders/suborder/",
        f"{EXPORT}?start=2026-01-01&end=2026-12-31",
    ]:
        assert curator_client.get(url).status_code == 403, url


def test_operations_see_an_order_with_its_parts_and_lines_read_only(operations_client):
    first, second = SellerFactory(), SellerFactory()
    order = make_order(sellers=[first, second])

    response = operations_client.get(f"{ORDERS}{order.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"Brass lamp by {first.display_name}" in html
    assert f"Brass lamp by {second.display_name}" in html
    for part in order.suborders.all():
        assert f"/admin/orders/suborder/{part.pk}/change/" in html
    assert 'name="_save"' not in html
    assert 'name="total"' not in html  # nothing editable
    assert operations_client.get(f"{ORDERS}add/").status_code == 403


def test_orders_filter_by_sub_order_status_and_district(operations_client):
    varanasi = DistrictFactory(name="Varanasi")
    from_varanasi = make_order(sellers=[SellerFactory(district=varanasi)], number="OD-VNS-1")
    shipped = make_order(
        sellers=[SellerFactory()], number="OD-SHP-1", status=SubOrder.Status.SHIPPED
    )

    by_district = operations_client.get(f"{ORDERS}?district={varanasi.pk}").content.decode()
    by_status = operations_client.get(f"{ORDERS}?suborder_status=shipped").content.decode()
    old = make_order(sellers=[SellerFactory()], placed_at=timezone.now() - datetime.timedelta(30))
    week = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    week -= datetime.timedelta(days=7)
    by_date = operations_client.get(ORDERS, {"placed_at__gte": str(week)}).content.decode()

    assert from_varanasi.number in by_district and shipped.number not in by_district
    assert shipped.number in by_status and from_varanasi.number not in by_status
    assert from_varanasi.number in by_date and old.number not in by_date


def test_csv_export_covers_the_date_range_without_buyer_details(operations_client):
    seller = SellerFactory(display_name="=HYPERLINK(evil)")
    inside = make_order(
        sellers=[seller, SellerFactory()],
        placed_at=datetime.datetime(2026, 3, 1, 0, 30, tzinfo=IST),
    )
    outside = make_order(
        sellers=[seller], placed_at=datetime.datetime(2026, 2, 28, 23, 59, tzinfo=IST)
    )

    response = operations_client.get(f"{EXPORT}?start=2026-03-01&end=2026-03-31")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "order number"
    assert [row[0] for row in table[1:]] == [inside.number, inside.number]
    assert outside.number not in text
    assert "'=HYPERLINK(evil)" in text  # formulas are neutralised
    for private in ("Meera Sharma", "+919812345678", "Secret Lane", "@example.com"):
        assert private not in text


def test_csv_export_refuses_a_backwards_range_with_a_clear_error(operations_client):
    response = operations_client.get(f"{EXPORT}?start=2026-03-31&end=2026-03-01")
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    form = operations_client.get(EXPORT)
    assert form.status_code == 200
    assert 'name="start"' in form.content.decode()


@pytest.mark.parametrize(
    "query", ["start=9999-12-31&end=9999-12-31", "start=0001-01-01&end=0001-01-02"]
)
def test_csv_export_refuses_an_extreme_date_with_400_and_a_message(operations_client, query):
    """Such a range used to start a CSV and break off halfway (the day after 9999-12-31)."""
    response = operations_client.get(f"{EXPORT}?{query}")
    assert response.status_code == 400
    assert not response.streaming
    assert "Enter dates between 1 January 2000 and 31 December 2099." in response.content.decode()


def test_marking_a_shipped_parcel_delivered_is_logged(operations_client):
    order = make_order(sellers=[SellerFactory()], status=SubOrder.Status.SHIPPED)
    part = order.suborders.get()

    operations_client.post(
        "/admin/orders/suborder/", {"action": "mark_delivered", "_selected_action": [part.pk]}
    )

    part.refresh_from_db()
    assert part.status == SubOrder.Status.DELIVERED
    assert part.events.filter(to_status="delivered").count() == 1
    assert LogEntry.objects.filter(object_id=str(part.pk)).count() == 1


@pytest.mark.parametrize("url", [ORDERS, "/admin/orders/suborder/"])
def test_order_changelists_make_as_many_queries_for_50_orders_as_for_2(
    operations_client, django_assert_max_num_queries, url
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert operations_client.get(url).status_code == 200
        return len(queries)

    sellers = [SellerFactory(), SellerFactory()]
    for _ in range(2):
        make_order(sellers=sellers)
    with_two = count()
    for _ in range(48):
        make_order(sellers=sellers)
    with django_assert_max_num_queries(12):
        assert count() == with_two


def test_operations_cancel_one_artisans_part_with_a_reason_restocking_and_telling_the_buyer(
    operations_client, django_capture_on_commit_callbacks
):
    keep, cancel = ProductFactory(stock=5), ProductFactory(stock=5)
    order = place_test_order(UserFactory(email="meera@example.com"), (keep, 1), (cancel, 2))
    part = order.suborders.get(seller=cancel.seller)
    chosen = {"action": "cancel_parts", "_selected_action": [part.pk]}

    asked = operations_client.post("/admin/orders/suborder/", chosen)
    assert asked.status_code == 200
    assert "Cancel and email the buyers" in asked.content.decode()
    no_reason = operations_client.post("/admin/orders/suborder/", {**chosen, "apply": "1"})
    assert no_reason.status_code == 200 and "This field is required." in no_reason.content.decode()
    part.refresh_from_db()
    assert part.status == SubOrder.Status.PLACED

    with django_capture_on_commit_callbacks(execute=True):
        done = operations_client.post(
            "/admin/orders/suborder/",
            {**chosen, "apply": "1", "reason": "The artisan's loom broke; no delivery possible."},
        )

    assert done.status_code == 302
    part.refresh_from_db()
    assert part.status == SubOrder.Status.CANCELLED
    assert part.events.get(to_status="cancelled").note.startswith("The artisan's loom broke")
    cancel.refresh_from_db()
    keep.refresh_from_db()
    assert (cancel.stock, keep.stock) == (5, 4)
    assert order.suborders.get(seller=keep.seller).status == SubOrder.Status.PLACED
    (email,) = [m for m in mail.outbox if "meera@example.com" in m.to and "cancelled" in m.subject]
    assert "The artisan's loom broke" in email.body
