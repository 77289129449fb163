"""When rows are posted: at delivery for online payments, by the beat for the rest."""

from decimal import Decimal

import pytest

from orders.fulfilment import transition_suborder
from orders.models import SubOrder
from payments import tasks
from payments.models import LedgerEntry, PayoutRun
from tests.factories import OrderFactory, SellerFactory, SubOrderFactory
from tests.payments.ledger_helpers import delivered_suborder, fixed_rates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rates(settings):
    fixed_rates(settings)


def _shipped(method: str) -> SubOrder:
    order = OrderFactory(payment_method=method)
    return SubOrderFactory(order=order, seller=SellerFactory(), status=SubOrder.Status.SHIPPED)


def test_an_online_payment_is_ledgered_in_the_delivering_transaction():
    suborder = _shipped("razorpay")
    transition_suborder(suborder=suborder, to_status=SubOrder.Status.DELIVERED, by=None)
    rows = LedgerEntry.objects.filter(suborder=suborder)
    assert rows.get(kind=LedgerEntry.Kind.SALE).amount == Decimal("500.00")
    assert rows.count() == 5


def test_cash_on_delivery_is_ledgered_by_the_accrual_task():
    suborder = _shipped("cod")
    transition_suborder(suborder=suborder, to_status=SubOrder.Status.DELIVERED, by=None)
    assert not LedgerEntry.objects.filter(suborder=suborder).exists()
    assert tasks.accrue_ledger.delay().get() == 5
    sale = LedgerEntry.objects.get(suborder=suborder, kind=LedgerEntry.Kind.SALE)
    assert sale.collected_by == LedgerEntry.Collector.COURIER


def test_the_weekly_beat_task_runs_payouts():
    delivered_suborder(SellerFactory(), placed="2026-10-02", delivered="2026-10-05")
    run_id = tasks.weekly_payout_run.delay().get()
    assert PayoutRun.objects.get(pk=run_id).payout_count == 1
