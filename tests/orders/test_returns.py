"""Buyers' returns: the window, who may see what, the table of moves, stock, COD refunds,
photos and notices."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.fields import decrypt
from catalog.models import Product
from orders.models import Notification, ReturnEvent, ReturnPhoto, ReturnRequest
from orders.returns import (
    Payout,
    ReturnError,
    accept_return,
    book_pickup,
    mark_cod_refund_paid,
    mark_received,
    reject_return,
    request_return,
    transition_return,
)
from tests.factories import ProductFactory, UserFactory
from tests.orders.returns_helpers import COD_PAYOUT, delivered_order, jpeg

pytestmark = pytest.mark.django_db

UPI = Payout(upi_id="asha.devi@okaxis")
TODAY = timezone.localdate()


def _line(order):
    return order.suborders.get().lines.get()


def _form_url(order, line):
    return reverse("orders:return_create", args=[order.number, line.pk])


def _ask(line, buyer, **kwargs):
    values = {"quantity": 1, "reason": "damaged", "payout": UPI}
    return request_return(line=line, buyer=buyer, **{**values, **kwargs})


# --- the window ----------------------------------------------------------------------


def test_a_return_can_be_asked_on_day_7_after_delivery(client, buyer):
    order = delivered_order(buyer, (ProductFactory(), 1), days_ago=7)
    client.force_login(buyer)
    line = _line(order)

    response = client.post(
        _form_url(order, line), {"quantity": 1, "reason": "damaged", **COD_PAYOUT}
    )

    assert response.status_code == 302
    assert ReturnRequest.objects.get().line == line
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Return asked for" in page


def test_a_return_on_day_8_after_delivery_is_refused_with_the_last_day(client, buyer):
    order = delivered_order(buyer, (ProductFactory(), 1), days_ago=8)
    client.force_login(buyer)

    response = client.post(
        _form_url(order, _line(order)), {"quantity": 1, "reason": "damaged", **COD_PAYOUT}
    )

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "The time to return this item has passed." in page
    assert "Return this item" not in page
    assert not ReturnRequest.objects.exists()
    with pytest.raises(ReturnError, match="Returns were possible until"):
        _ask(_line(order), buyer)


def test_a_part_not_yet_delivered_cannot_be_returned(client, buyer):
    from orders.services import transition_suborder

    order = delivered_order(buyer, (ProductFactory(), 1))
    undelivered = delivered_order.__globals__["order_for"](buyer, (ProductFactory(), 1))
    suborder = undelivered.suborders.get()
    transition_suborder(suborder=suborder, to_status="accepted", by=suborder.seller.user)
    client.force_login(buyer)

    response = client.get(_form_url(undelivered, _line(undelivered)), follow=True)

    assert "once the parcel has been delivered" in response.content.decode()
    with pytest.raises(ReturnError):
        _ask(_line(undelivered), buyer)
    assert not ReturnRequest.objects.exists()
    assert "Return this item" in client.get(order.get_absolute_url()).content.decode()


# --- who may see what ----------------------------------------------------------------


def test_another_buyers_order_gets_404_on_the_return_form_dispute_and_photos(client, buyer):
    order = delivered_order(buyer, (ProductFactory(), 1))
    return_request = _ask(_line(order), buyer, photos=[jpeg()])
    from orders.evidence import process_evidence_photo

    photo = return_request.photos.get()
    process_evidence_photo("return", photo.pk)
    client.force_login(UserFactory())

    assert client.get(_form_url(order, _line(order))).status_code == 404
    assert client.post(_form_url(order, _line(order)), {"quantity": 1}).status_code == 404
    dispute = reverse("orders:return_dispute", args=[order.number, return_request.pk])
    assert client.post(dispute, {"note": "mine"}).status_code == 404
    assert client.get(photo.get_absolute_url()).status_code == 404
    assert client.get(order.get_absolute_url()).status_code == 404
    client.force_login(buyer)
    assert client.get(photo.get_absolute_url())["Content-Type"] == "image/jpeg"


def test_a_return_photo_loses_its_gps_and_only_a_rendition_is_served(client, buyer):
    from orders.evidence import process_evidence_photo

    order = delivered_order(buyer, (ProductFactory(), 1))
    return_request = _ask(_line(order), buyer, photos=[jpeg(gps=True, size=(1600, 1200))])
    photo = return_request.photos.get()
    with photo.original.open("rb") as fh, Image.open(fh) as upload:
        assert 0x8825 in upload.getexif()  # the upload still has it until processed

    process_evidence_photo("return", photo.pk)

    photo.refresh_from_db()
    assert photo.is_ready and photo.original.name.startswith("evidence/originals/")
    client.force_login(buyer)
    response = client.get(photo.get_absolute_url())
    data = b"".join(response.streaming_content)
    import io

    with Image.open(io.BytesIO(data)) as served:
        assert served.width == 800 and not served.getexif()
    assert response["Cache-Control"] == "private, max-age=3600"


# --- moves -----------------------------------------------------------------------------


def test_a_rejected_return_cannot_be_refunded(buyer):
    order = delivered_order(buyer, (ProductFactory(), 1))
    artisan = order.suborders.get().seller.user
    return_request = _ask(_line(order), buyer)
    reject_return(return_request=return_request, by=artisan, reason="tag_missing")

    with pytest.raises(ReturnError, match="cannot become"):
        mark_received(return_request=return_request, by=artisan, is_resellable=True)
    with pytest.raises(ReturnError):
        mark_cod_refund_paid(return_request=return_request, by=artisan, reference="UTR1")
    return_request.refresh_from_db()
    assert return_request.status == "rejected" and return_request.refunded_amount == 0
    assert return_request.get_rejection_reason_display() == "The tag or seal is missing"


def test_an_accepted_return_counts_in_the_return_rate_after_the_sweep(
    buyer, settings, django_capture_on_commit_callbacks
):
    from orders.sales_selectors import sales_by_district
    from orders.tasks import refresh_marked_sales_rollups

    settings.SALES_ROLLUP_SWEEP_SECONDS = 30
    product = ProductFactory(stock=5)
    kept, returned, refused = (delivered_order(buyer, (product, 1)) for _ in range(3))
    refresh_marked_sales_rollups()
    artisan = product.seller.user
    with django_capture_on_commit_callbacks(execute=True):
        accept_return(return_request=_ask(_line(returned), buyer), by=artisan)
        reject_return(return_request=_ask(_line(refused), buyer), by=artisan, reason="used")
    assert sales_by_district(TODAY, TODAY)[product.district.pk].returned_suborders == 0

    refresh_marked_sales_rollups()

    sales = sales_by_district(TODAY, TODAY)[product.district.pk]
    assert (sales.suborders, sales.returned_suborders, sales.return_rate) == (
        3,
        1,
        Decimal("33.3"),
    )


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], "refunded"),
        ([], "pickup"),
        ([], "closed"),
        (["accepted"], "rejected"),
        (["accepted"], "received"),
        (["rejected"], "accepted"),
    ],
)
def test_moves_outside_the_table_are_refused_and_leave_no_event(buyer, path, illegal):
    order = delivered_order(buyer, (ProductFactory(), 1))
    artisan = order.suborders.get().seller.user
    return_request = _ask(_line(order), buyer)
    for status in path:
        transition_return(return_request=return_request, to_status=status, by=artisan)
    events = ReturnEvent.objects.count()

    with pytest.raises(ReturnError):
        transition_return(return_request=return_request, to_status=illegal, by=artisan)

    assert ReturnEvent.objects.count() == events
    assert ReturnRequest.objects.get().status == (path[-1] if path else "requested")


def test_one_return_per_line_at_a_time_and_never_more_than_bought(buyer):
    order = delivered_order(buyer, (ProductFactory(), 2))
    line = _line(order)
    with pytest.raises(ReturnError, match="1 to 2"):
        _ask(line, buyer, quantity=3)
    _ask(line, buyer, quantity=2)
    with pytest.raises(ReturnError, match="already been asked"):
        _ask(line, buyer, quantity=1)


@pytest.mark.parametrize(("resellable", "stock_after"), [(True, 5), (False, 4)])
def test_stock_comes_back_only_when_the_artisan_says_it_can_be_sold_again(
    buyer, resellable, stock_after
):
    product = ProductFactory(stock=5)
    order = delivered_order(buyer, (product, 1))
    assert Product.objects.get(pk=product.pk).stock == 4
    artisan = order.suborders.get().seller.user
    return_request = _ask(_line(order), buyer)
    accept_return(return_request=return_request, by=artisan)
    book_pickup(
        return_request=return_request, by=artisan, courier="Delhivery", tracking_number="D1"
    )

    mark_received(return_request=return_request, by=artisan, is_resellable=resellable)

    assert Product.objects.get(pk=product.pk).stock == stock_after
    with pytest.raises(ReturnError):  # a second click does not restock twice
        mark_received(return_request=return_request, by=artisan, is_resellable=resellable)
    assert Product.objects.get(pk=product.pk).stock == stock_after


# --- protection and photos -------------------------------------------------------------


def test_a_return_above_the_protection_threshold_without_photos_is_refused(client, buyer):
    saree = ProductFactory(price=Decimal("12500.00"), title="Banarasi silk saree")
    order = delivered_order(buyer, (saree, 1), packing_photos=[jpeg()])
    client.force_login(buyer)

    response = client.post(
        _form_url(order, _line(order)), {"quantity": 1, "reason": "damaged", **COD_PAYOUT}
    )

    assert response.status_code == 200
    assert "This parcel has return protection: add at least one photo" in response.content.decode()
    assert not ReturnRequest.objects.exists() and not ReturnPhoto.objects.exists()

    response = client.post(
        _form_url(order, _line(order)),
        {"quantity": 1, "reason": "damaged", "photos": [jpeg()], **COD_PAYOUT},
    )
    assert response.status_code == 302
    assert ReturnRequest.objects.get().is_protected and ReturnPhoto.objects.count() == 1


def test_a_return_below_the_threshold_needs_no_photo(client, buyer):
    order = delivered_order(buyer, (ProductFactory(price=Decimal("499.00")), 1))
    client.force_login(buyer)
    response = client.post(
        _form_url(order, _line(order)), {"quantity": 1, "reason": "damaged", **COD_PAYOUT}
    )
    assert response.status_code == 302
    assert not ReturnRequest.objects.get().is_protected


def test_five_photos_or_a_non_photo_are_refused_with_nothing_written(client, buyer):
    from tests.console.conftest import text_as_jpeg

    order = delivered_order(buyer, (ProductFactory(), 1))
    client.force_login(buyer)
    url = _form_url(order, _line(order))
    base = {"quantity": 1, "reason": "damaged", **COD_PAYOUT}

    too_many = client.post(url, {**base, "photos": [jpeg(f"p{i}.jpg") for i in range(5)]})
    not_a_photo = client.post(url, {**base, "photos": [jpeg(), text_as_jpeg()]})

    assert "Add at most 4 photos." in too_many.content.decode()
    assert "This file is not a photo we can read." in not_a_photo.content.decode()
    assert not ReturnRequest.objects.exists() and not ReturnPhoto.objects.exists()


def test_the_return_form_speaks_hindi_under_hi(client, buyer):
    order = delivered_order(buyer, (ProductFactory(), 1))
    client.force_login(buyer)
    response = client.post(
        "/hi" + _form_url(order, _line(order)), {"quantity": 1, "reason": "damaged"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "आपकी UPI आईडी" in page and "आपके पैसे कहाँ भेजें?" in page


# --- cash on delivery ------------------------------------------------------------------


def test_a_cod_return_keeps_the_upi_id_encrypted_and_shows_it_masked(client, buyer):
    from django.db import connection

    order = delivered_order(buyer, (ProductFactory(), 1))
    client.force_login(buyer)
    client.post(_form_url(order, _line(order)), {"quantity": 1, "reason": "damaged", **COD_PAYOUT})

    return_request = ReturnRequest.objects.get()
    assert return_request.payout_upi_id == "asha.devi@okaxis"
    with connection.cursor() as cursor:
        cursor.execute("SELECT payout_upi_id FROM orders_returnrequest")
        stored = cursor.fetchone()[0]
    assert "okaxis" not in stored and decrypt(stored) == "asha.devi@okaxis"
    assert return_request.payout_display == "UPI XXXXXXXvi@okaxis"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"upi_id": "asha devi"}, "Enter your UPI id as it appears in your payment app"),
        (
            {"account_name": "Asha", "account_number": "12ab", "ifsc": "SBIN0001234"},
            "Enter your bank account number",
        ),
        (
            {"account_name": "Asha", "account_number": "123456789012", "ifsc": "SBI0001"},
            "Enter the 11-character IFSC",
        ),
        ({}, "Tell us where to send your money"),
    ],
)
def test_a_cod_return_needs_a_valid_upi_id_or_bank_account(client, buyer, data, message):
    order = delivered_order(buyer, (ProductFactory(), 1))
    client.force_login(buyer)
    response = client.post(
        _form_url(order, _line(order)), {"quantity": 1, "reason": "damaged", **data}
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert not ReturnRequest.objects.exists()


# --- notices ---------------------------------------------------------------------------


def test_each_step_notifies_each_person_concerned_once_in_their_language(
    buyer, mailoutbox, django_capture_on_commit_callbacks
):
    from orders.returns import decide_dispute, dispute_return

    buyer.preferred_language = "hi"
    buyer.save()
    product = ProductFactory(title="Brass diya", title_hi="पीतल का दीया")
    order = delivered_order(buyer, (product, 1))
    artisan = order.suborders.get().seller.user
    staff = UserFactory(is_staff=True)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        return_request = _ask(_line(order), buyer)
    with django_capture_on_commit_callbacks(execute=True):
        reject_return(return_request=return_request, by=artisan, reason="different_product")
    with django_capture_on_commit_callbacks(execute=True):
        dispute_return(return_request=return_request, by=buyer, note="It is the same sari")
    with django_capture_on_commit_callbacks(execute=True):
        decide_dispute(return_request=return_request, by=staff, accept=True, note="Photos match")
    with django_capture_on_commit_callbacks(execute=True):
        book_pickup(
            return_request=return_request, by=artisan, courier="Delhivery", tracking_number="D9"
        )
    with django_capture_on_commit_callbacks(execute=True):
        mark_received(return_request=return_request, by=artisan, is_resellable=True)
    with django_capture_on_commit_callbacks(execute=True):
        mark_cod_refund_paid(return_request=return_request, by=staff, reference="UTR77")
    # a retried click: no new notice
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ReturnError):
        mark_cod_refund_paid(return_request=return_request, by=staff, reference="UTR77")

    sent = [
        (m.to[0], n.kind)
        for m, n in zip(
            mailoutbox,
            Notification.objects.filter(return_request=return_request).order_by("pk"),
            strict=True,
        )
    ]
    assert sent == [
        (artisan.email, "return_requested"),
        (buyer.email, "return_rejected"),
        (artisan.email, "return_disputed"),
        (buyer.email, "return_decided"),
        (artisan.email, "return_decided"),
        (buyer.email, "return_pickup"),
        (buyer.email, "return_received"),
        (buyer.email, "return_refunded"),
    ]
    to_buyer = [m for m in mailoutbox if m.to == [buyer.email]]
    assert all("नमस्ते" in m.body for m in to_buyer)  # the buyer reads Hindi
    assert "पीतल का दीया" in to_buyer[0].body and "Delhivery" in to_buyer[2].body
    to_artisan = [m for m in mailoutbox if m.to == [artisan.email]]
    assert to_artisan[0].subject == f"A buyer wants to return an item of order {order.number}"
    assert "Namaste" in to_artisan[0].body and "Arrived damaged" in to_artisan[0].body


# --- the order page --------------------------------------------------------------------


def test_the_buyer_order_page_with_returns_has_a_fixed_number_of_queries(
    client, buyer, django_assert_max_num_queries
):
    order = delivered_order(
        buyer, *[(ProductFactory(), 1) for _ in range(3)], (ProductFactory(), 1)
    )
    for suborder in order.suborders.all():
        _ask(suborder.lines.get(), buyer, photos=[jpeg(), jpeg()])
    client.force_login(buyer)

    with django_assert_max_num_queries(14):
        response = client.get(order.get_absolute_url())

    assert response.content.decode().count("Return asked for") == 4


def test_the_buyer_disputes_a_refusal_from_the_order_page_with_a_reason(client, buyer):
    order = delivered_order(buyer, (ProductFactory(), 1))
    artisan = order.suborders.get().seller.user
    return_request = _ask(_line(order), buyer)
    reject_return(return_request=return_request, by=artisan, reason="used", note="Washed")
    client.force_login(buyer)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "The item was used, washed or damaged after delivery (Washed)" in page
    url = reverse("orders:return_dispute", args=[order.number, return_request.pk])

    assert client.get(url).status_code == 405
    empty = client.post(url, {"note": "  "}, follow=True)
    assert "Say why you disagree with the artisan." in empty.content.decode()
    assert ReturnRequest.objects.get().status == "rejected"
    client.post(url, {"note": "It arrived like that; see my photo"})

    disputed = ReturnRequest.objects.get()
    assert disputed.status == "disputed"
    assert disputed.dispute_note == "It arrived like that; see my photo"
    page = client.get(order.get_absolute_url()).content.decode()
    assert "Refusal disputed" in page and "Ask our team to decide" not in page


def test_a_photo_that_cannot_be_processed_is_marked_failed_and_says_so(client, buyer):
    from django.core.files.base import ContentFile

    from orders.evidence import process_evidence_photo

    order = delivered_order(buyer, (ProductFactory(), 1))
    return_request = _ask(_line(order), buyer, photos=[jpeg()])
    photo = return_request.photos.get()
    photo.original.storage.delete(photo.original.name)
    photo.original.storage.save(photo.original.name, ContentFile(b"not a photo any more"))

    process_evidence_photo("return", photo.pk)
    process_evidence_photo("return", photo.pk)  # a retried job changes nothing

    photo.refresh_from_db()
    assert photo.state == "failed" and not photo.rendition
    client.force_login(buyer)
    assert client.get(photo.get_absolute_url()).status_code == 404
    page = client.get(order.get_absolute_url()).content.decode()
    assert "This photo could not be read." in page
