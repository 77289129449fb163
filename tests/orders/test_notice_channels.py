"""Order notices go by the channel each person chose: email, SMS or WhatsApp, once each,
in their language, with a link to the order. People without an email get SMS."""

import pytest

from kernel import messaging
from kernel.models import Message
from orders.models import Notification
from orders.services import transition_suborder
from orders.tasks import send_notification
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.orders.conftest import order_for

pytestmark = pytest.mark.django_db


def by_recipient() -> dict[str, messaging.OutgoingMessage]:
    return {m.to: m for m in messaging.outbox}


def test_a_mobile_only_buyer_and_an_artisan_get_sms_and_no_email(
    mailoutbox, django_capture_on_commit_callbacks
):
    buyer = UserFactory(email=None, phone="+919876543210", preferred_language="hi")
    artisan = SellerFactory(user__phone="+919812345678").user
    product = ProductFactory(seller=artisan.seller_profile, price=1450)

    with django_capture_on_commit_callbacks(execute=True):
        order = order_for(buyer, (product, 1))

    assert mailoutbox == []
    sms = by_recipient()
    to_buyer, to_artisan = sms["+919876543210"], sms["+919812345678"]
    assert (to_buyer.channel, to_buyer.template, to_buyer.language) == (
        "sms", "order_confirmation", "hi",
    )  # fmt: skip
    assert f"/hi/orders/{order.number}/" in to_buyer.params["url"]
    assert to_buyer.text.startswith(f"ODOP मार्केट: आपका ऑर्डर {order.number} (₹")
    assert to_artisan.template == "new_order" and to_artisan.language == "en"
    assert "/sell/orders/" in to_artisan.params["url"]
    assert Notification.objects.filter(status="sent").count() == 2
    assert Message.objects.filter(status="sent").count() == 2


def test_a_buyer_who_chose_whatsapp_gets_shipping_news_there(
    mailoutbox, django_capture_on_commit_callbacks
):
    buyer = UserFactory(
        email="meera@example.com", phone="+919876543210", notification_channel="whatsapp"
    )
    product = ProductFactory()
    with django_capture_on_commit_callbacks(execute=True):
        order = order_for(buyer, (product, 1))
    part = order.suborders.get()
    artisan = product.seller.user
    with django_capture_on_commit_callbacks(execute=True):
        transition_suborder(suborder=part, to_status="accepted", by=artisan)
        transition_suborder(
            suborder=part,
            to_status="shipped",
            by=artisan,
            courier="India Post",
            tracking_number="EE123456789IN",
        )

    templates = [(m.channel, m.template) for m in messaging.outbox]
    assert templates == [("whatsapp", "order_confirmation"), ("whatsapp", "shipped")]
    assert [m.to[0] for m in mailoutbox] == [artisan.email]  # the artisan has no mobile


def test_a_notice_task_run_twice_sends_one_sms(django_capture_on_commit_callbacks):
    buyer = UserFactory(email=None, phone="+919876543210")
    with django_capture_on_commit_callbacks(execute=False):
        order = order_for(buyer, (ProductFactory(), 1))
    confirmation = Notification.objects.get(order=order, kind="order_confirmation")

    assert send_notification.delay(confirmation.pk).get() == "sent"
    assert send_notification.delay(confirmation.pk).get() == "skipped"
    # Even with the notice put back to pending, its message is not sent again.
    Notification.objects.filter(pk=confirmation.pk).update(status="pending")
    assert send_notification.delay(confirmation.pk).get() == "sent"
    assert [m.template for m in messaging.outbox] == ["order_confirmation"]


def test_return_notices_reach_the_artisan_by_sms_with_the_return_page_and_the_buyer_refund_news(
    mailoutbox, django_capture_on_commit_callbacks
):
    from orders.returns import (
        Payout,
        accept_return,
        book_pickup,
        mark_cod_refund_paid,
        mark_received,
        request_return,
    )
    from tests.orders.returns_helpers import deliver

    buyer = UserFactory(email=None, phone="+919876543210", preferred_language="hi")
    artisan = SellerFactory(user__phone="+919812345678").user
    product = ProductFactory(seller=artisan.seller_profile, price=1450, title_hi="चिकन कुर्ता")
    order = order_for(buyer, (product, 1))
    deliver(order.suborders.get())
    line = order.suborders.get().lines.get()
    messaging.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        return_request = request_return(
            line=line,
            buyer=buyer,
            quantity=1,
            reason="damaged",
            payout=Payout(upi_id="sunita@oksbi"),
        )
    to_artisan = by_recipient()["+919812345678"]
    assert to_artisan.template == "return_requested" and to_artisan.channel == "sms"
    assert f"/sell/returns/{return_request.pk}/" in to_artisan.params["url"]
    assert order.number in to_artisan.text

    with django_capture_on_commit_callbacks(execute=True):
        accept_return(return_request=return_request, by=artisan)
        book_pickup(return_request=return_request, by=artisan, courier="DTDC", tracking_number="D1")
        mark_received(return_request=return_request, by=artisan, is_resellable=True)
        operations = UserFactory(is_staff=True)
        mark_cod_refund_paid(return_request=return_request, by=operations, reference="UPI123")
    to_buyer = [m for m in messaging.outbox if m.to == "+919876543210"]
    assert [m.template for m in to_buyer] == [
        "return_accepted", "return_pickup", "return_received", "return_refunded",
    ]  # fmt: skip
    assert all(m.language == "hi" for m in to_buyer)
    assert "₹1,450" in to_buyer[-1].text and f"/hi/orders/{order.number}/" in to_buyer[-1].text
    assert mailoutbox == []
