"""Back-in-stock alerts: sent once each, in the shopper's language, whatever restocks."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from catalog.models import Product
from engagement import alerts, tasks
from engagement.models import Notice, StockAlert
from orders.services import cancel_order
from tests.console.test_listings import _edit_data
from tests.factories import (
    ProductFactory,
    ReadyProductImageFactory,
    UserFactory,
    place_test_order,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold_out():
    return ProductFactory(stock=0, title="Brass peacock lamp", title_hi="पीतल का मोर दीपक")


def ask(client, product):
    return client.post(reverse("engagement:stock_alert"), {"product": product.pk})


def test_a_signed_in_shopper_asks_on_a_sold_out_product(client, sold_out):
    body = client.get(sold_out.get_absolute_url()).content.decode()
    assert "Sign in to be told when it is back in stock" in body
    shopper = UserFactory()
    client.force_login(shopper)
    assert "Tell me when it is back" in client.get(sold_out.get_absolute_url()).content.decode()
    ask(client, sold_out)
    ask(client, sold_out)
    assert StockAlert.objects.filter(user=shopper, notified_at__isnull=True).count() == 1
    body = client.get(sold_out.get_absolute_url()).content.decode()
    assert "We will email you when it is back in stock." in body


def test_anonymous_shoppers_are_sent_to_sign_in(client, sold_out):
    response = ask(client, sold_out)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not StockAlert.objects.exists()


def test_no_alert_on_a_product_in_stock(client, product):
    client.force_login(UserFactory())
    ask(client, product)
    assert not StockAlert.objects.exists()


def test_the_artisans_restock_notifies_everyone_waiting_once_in_their_language(
    client, sold_out, django_capture_on_commit_callbacks
):
    hindi = UserFactory(email="hindi@example.com", preferred_language="hi")
    english = UserFactory(email="english@example.com", preferred_language="en")
    for user in (hindi, english):
        alerts.ask_for_stock_alert(user=user, product=sold_out)
    Product.objects.filter(pk=sold_out.pk).update(stock=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.notify_back_in_stock(product_id=sold_out.pk) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.notify_back_in_stock(product_id=sold_out.pk) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["english@example.com", "hindi@example.com"]
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "पीतल का मोर दीपक" in by_to["hindi@example.com"].subject
    assert "/hi/products/" in by_to["hindi@example.com"].body
    assert "Brass peacock lamp" in by_to["english@example.com"].subject
    assert Notice.objects.filter(sent_at__isnull=False).count() == 2
    assert not StockAlert.objects.filter(notified_at__isnull=True).exists()


def test_a_notice_task_run_twice_sends_once(sold_out, django_capture_on_commit_callbacks):
    alerts.ask_for_stock_alert(user=UserFactory(), product=sold_out)
    Product.objects.filter(pk=sold_out.pk).update(stock=1)
    with django_capture_on_commit_callbacks(execute=True):
        alerts.notify_back_in_stock(product_id=sold_out.pk)
    notice = Notice.objects.get()
    assert tasks.send_notice(notice.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_the_sweep_catches_a_restock_by_a_cancelled_order(
    sold_out, django_capture_on_commit_callbacks
):
    Product.objects.filter(pk=sold_out.pk).update(stock=1)
    order = place_test_order(UserFactory(), (sold_out, 1))
    alerts.ask_for_stock_alert(user=UserFactory(), product=Product.objects.get(pk=sold_out.pk))
    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=order, by=order.buyer, reason="changed my mind")
    assert Product.objects.get(pk=sold_out.pk).stock == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_stock_alerts() == 1
    assert len([m for m in mail.outbox if "Back in stock" in m.subject]) == 1


def test_the_console_listing_form_restock_notifies(client, sold_out):
    image = ReadyProductImageFactory(product=sold_out)
    alerts.ask_for_stock_alert(user=UserFactory(), product=sold_out)
    client.force_login(sold_out.seller.user)
    data = _edit_data(sold_out, [image], stock="4", action="publish")
    response = client.post(reverse("console:product_edit", args=[sold_out.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Product.objects.get(pk=sold_out.pk).stock == 4
    assert Notice.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_restock_alert_is_sent_once_even_when_two_restocks_race():
    product = ProductFactory(stock=0)
    waiting = UserFactory.create_batch(3)
    for user in waiting:
        alerts.ask_for_stock_alert(user=user, product=product)
    Product.objects.filter(pk=product.pk).update(stock=2)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def restock():
        try:
            barrier.wait()
            results.append(alerts.notify_back_in_stock(product_id=product.pk))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=restock) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [0, 3]
    assert Notice.objects.count() == 3
    assert len(mail.outbox) == 3
