"""The daily reconciliation finds a mismatch planted on each side."""

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from payments.models import GatewayOrder, Payment, ReconciliationReport
from payments.reconciliation import reconcile
from tests.factories import ProductFactory
from tests.payments.conftest import gateway_order_for, prepaid_order

pytestmark = pytest.mark.django_db


def _paid(standin, buyer, client, price):
    order = prepaid_order(buyer, (ProductFactory(price=Decimal(price)), 1))
    payment, params = standin.pay(gateway_order_for(order).gateway_order_id)
    client.post(reverse("payments:razorpay_return"), params)
    return order, payment


def test_a_clean_day_has_no_mismatch(standin, buyer, client):
    _paid(standin, buyer, client, "500.00")

    report = reconcile(day=timezone.localdate())

    assert report.mismatches == []
    assert (report.gateway_payments, report.our_payments) == (1, 1)


def test_the_report_finds_a_mismatch_planted_on_each_side(standin, buyer, client):
    _paid(standin, buyer, client, "500.00")
    _order, changed = _paid(standin, buyer, client, "600.00")
    # Paid there but not here: a payment whose return and webhook never reached us.
    lost_order = prepaid_order(buyer, (ProductFactory(price=Decimal("700.00")), 1))
    lost, _params = standin.pay(gateway_order_for(lost_order).gateway_order_id)
    # Here but not there: a payment the gateway does not know.
    Payment.objects.create(
        gateway_order=GatewayOrder.objects.get(order=lost_order),
        gateway_payment_id="pay_NotAtGateway01",
        amount=Decimal("700.00"),
        currency="INR",
        status="captured",
        gateway_created_at=timezone.now(),
    )
    # A different amount: the gateway says ₹1 less.
    standin.payments[changed["id"]]["amount"] -= 100
    # Another day's payment is not today's business.
    standin.payments[lost["id"] + "x"] = {
        **lost,
        "id": lost["id"] + "x",
        "created_at": int(time.time()) - 3 * 86400,
    }

    report = reconcile(day=timezone.localdate())

    found = {(m["kind"], m["id"]) for m in report.mismatches}
    assert found == {
        ("missing_here", lost["id"]),
        ("missing_there", "pay_NotAtGateway01"),
        ("amount", changed["id"]),
    }
    amount = next(m for m in report.mismatches if m["kind"] == "amount")
    assert (amount["gateway_amount"], amount["our_amount"]) == ("659.00", "660.00")


def test_refunds_are_reconciled_too(standin, buyer, client, django_capture_on_commit_callbacks):
    from orders.fulfilment import cancel_order

    order, _payment = _paid(standin, buyer, client, "500.00")
    _other, other_payment = _paid(standin, buyer, client, "400.00")
    with django_capture_on_commit_callbacks(execute=True):
        cancel_order(order=order, by=buyer, reason="changed my mind")
    standin.refund(other_payment["id"], {"amount": 100})  # made on the gateway's dashboard

    report = reconcile(day=timezone.localdate())

    assert [m["kind"] for m in report.mismatches] == ["missing_here"]
    assert report.mismatches[0]["entity"] == "refund"
    assert (report.gateway_refunds, report.our_refunds) == (2, 1)


def test_the_command_saves_a_report_operations_read_in_admin(standin, buyer, client, capsys):
    _paid(standin, buyer, client, "500.00")
    yesterday = timezone.localdate() - timedelta(days=1)

    call_command("reconcile_payments", "--date", str(timezone.localdate()))
    call_command("reconcile_payments")

    out = capsys.readouterr().out
    assert "1 payments and 0 refunds at the gateway, 1 and 0 here, 0 mismatches" in out
    assert ReconciliationReport.objects.filter(day=yesterday).exists()
