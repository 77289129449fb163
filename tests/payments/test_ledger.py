"""The artisans' ledger: rows per money event, rates in force, append-only, the check."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from payments import ledger
from payments.models import LedgerEntry
from payments.payouts import run_payouts
from tests.factories import CraftFactory, SellerFactory
from tests.payments.ledger_helpers import (
    at,
    delivered_suborder,
    fixed_rates,
    processed_refund,
    rate,
    refunded_return,
)

pytestmark = pytest.mark.django_db
K = LedgerEntry.Kind


@pytest.fixture(autouse=True)
def _rates(settings):
    fixed_rates(settings)


def rows_of(seller) -> dict[str, Decimal]:
    return {e.key.split(":", 2)[0] + ":" + e.kind: e.amount for e in seller.ledger_entries.all()}


def balance(seller) -> Decimal:
    return sum((e.amount for e in seller.ledger_entries.all()), Decimal("0.00"))


def test_sale_partial_refund_return_and_payout_match_a_hand_calculation_to_the_paisa():
    seller = SellerFactory()
    suborder = delivered_suborder(
        seller, placed="2026-11-02", delivered="2026-11-05", subtotal="1250.50", shipping="60.00"
    )
    ledger.accrue()
    # Sale 1,250.50 + shipping 60.00; commission 10% of 1,250.50 = 125.05;
    # TCS 0.5% of 1,310.50 = 6.5525 → 6.55; TDS 0.1% of 1,310.50 = 1.3105 → 1.31.
    assert sorted(e.amount for e in seller.ledger_entries.all()) == sorted(
        Decimal(x) for x in ["1250.50", "60.00", "-125.05", "-6.55", "-1.31"]
    )
    assert balance(seller) == Decimal("1177.59")

    processed_refund(suborder, amount="200.00", day="2026-11-08")
    ledger.accrue()
    # Refund −200.00; commission back 20.00, TCS back 1.00, TDS back 0.20 → −178.80.
    assert balance(seller) == Decimal("998.79")

    refunded_return(suborder, amount="300.00", day="2026-11-09")
    ledger.accrue()
    # Return −300.00; commission back 30.00, TCS back 1.50, TDS back 0.30 → −268.20.
    assert balance(seller) == Decimal("730.59")

    before_window = run_payouts(now=at("2026-11-11"))  # the sale is payable from 12 Nov
    assert before_window.payout_count == 0
    run = run_payouts(now=at("2026-11-20"))
    payout = run.payouts.get()
    assert payout.amount == Decimal("730.59")
    assert balance(seller) == Decimal("0.00")
    call_command("check_ledger")


def test_accruing_twice_posts_nothing_new():
    seller = SellerFactory()
    delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    assert ledger.accrue() == 5
    assert ledger.accrue() == 0
    assert seller.ledger_entries.count() == 5


def test_cash_on_delivery_sale_is_ledgered_as_collected_by_the_courier():
    seller = SellerFactory()
    delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05", method="cod")
    ledger.accrue()
    sale = seller.ledger_entries.get(kind=K.SALE)
    assert sale.collected_by == LedgerEntry.Collector.COURIER
    assert sale.payable_at == at("2026-11-12")


def test_a_commission_change_after_the_order_does_not_change_its_fee():
    seller = SellerFactory()
    rate("10.00", "2026-01-01", "2026-11-09")
    early = delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-12")
    rate("15.00", "2026-11-10")  # announced after the first order, before its delivery
    late = delivered_suborder(seller, placed="2026-11-10", delivered="2026-11-12")
    ledger.accrue()
    fees = {
        e.suborder_id: (e.rate, e.amount) for e in seller.ledger_entries.filter(kind=K.COMMISSION)
    }
    assert fees[early.pk] == (Decimal("10.00"), Decimal("-50.00"))
    assert fees[late.pk] == (Decimal("15.00"), Decimal("-75.00"))


def test_promotional_zero_commission_for_new_artisans_in_their_first_months():
    craft = CraftFactory()
    newcomer = SellerFactory(craft=craft, reviewed_at=at("2026-09-15"))
    veteran = SellerFactory(craft=craft, reviewed_at=at("2024-01-10"))
    rate("8.00", "2026-01-01", craft=craft)
    rate("0.00", "2026-01-01", "2026-12-31", is_promotion=True, first_months=3)
    new_sale = delivered_suborder(newcomer, placed="2026-11-02", delivered="2026-11-05")
    old_sale = delivered_suborder(veteran, placed="2026-11-02", delivered="2026-11-05")
    after_promo = delivered_suborder(newcomer, placed="2026-12-20", delivered="2026-12-22")
    ledger.accrue()
    commissions = dict(
        LedgerEntry.objects.filter(kind=K.COMMISSION).values_list("suborder_id", "amount")
    )
    assert new_sale.pk not in commissions  # zero commission: no fee row at all
    assert commissions[old_sale.pk] == Decimal("-40.00")  # the craft's 8%
    assert commissions[after_promo.pk] == Decimal("-40.00")  # past the first 3 months


def test_an_artisans_override_beats_the_crafts_rate():
    craft = CraftFactory()
    seller = SellerFactory(craft=craft)
    rate("8.00", "2026-01-01", craft=craft)
    rate("6.00", "2026-01-01", seller=seller)
    delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    ledger.accrue()
    assert seller.ledger_entries.get(kind=K.COMMISSION).amount == Decimal("-30.00")


def test_tax_rates_in_force_on_the_order_day_apply():
    seller = SellerFactory()
    delivered_suborder(seller, placed="2024-09-20", delivered="2024-09-25")
    ledger.accrue()
    taxes = {
        e.kind: (e.rate, e.amount) for e in seller.ledger_entries.filter(kind__in=["tcs", "tds"])
    }
    # 20 Sep 2024: TCS already 0.5% (from 10 Jul 2024), TDS still 1% (0.1% from 1 Oct 2024).
    assert taxes == {
        "tcs": (Decimal("0.50"), Decimal("-2.80")),
        "tds": (Decimal("1.00"), Decimal("-5.60")),
    }


def test_an_adjustment_needs_a_reason():
    seller = SellerFactory()
    with pytest.raises(ledger.LedgerError):
        ledger.post_adjustment(seller=seller, amount=Decimal("50"), reason=" ", by=None)
    assert not seller.ledger_entries.exists()
    row = ledger.post_adjustment(
        seller=seller, amount=Decimal("-12.5"), reason="Courier damage claim", by=None
    )
    assert row.amount == Decimal("-12.50")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE payments_ledgerentry SET amount = amount + 1",
        "DELETE FROM payments_ledgerentry",
    ],
)
def test_the_database_refuses_to_change_or_remove_ledger_rows_by_sql(statement):
    seller = SellerFactory()
    delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    ledger.accrue()
    refused = pytest.raises(IntegrityError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as outside the test's transaction
        cursor.execute(statement)
    assert balance(seller) == Decimal("506.64")  # 500 + 60 − 50 − 2.80 − 0.56


def test_the_database_refuses_to_change_or_remove_ledger_rows_through_the_orm():
    seller = SellerFactory()
    delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    ledger.accrue()
    row = seller.ledger_entries.get(kind=K.SALE)
    row.amount = Decimal("9999.00")
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=row.pk).update(amount=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.filter(pk=row.pk).delete()
    assert LedgerEntry.objects.get(pk=row.pk).amount == Decimal("500.00")


def _tamper(sql: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # triggers off (superuser)
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = DEFAULT")


def test_check_ledger_passes_on_consistent_data_and_reports_a_tampered_row(capsys):
    seller = SellerFactory()
    suborder = delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    processed_refund(suborder, amount="100.00", day="2026-11-06")
    run_payouts(now=at("2026-11-20"))
    call_command("check_ledger")
    assert "adds up" in capsys.readouterr().out

    sale = seller.ledger_entries.get(kind=K.SALE)
    _tamper("UPDATE payments_ledgerentry SET amount = 600 WHERE id = %s", [sale.pk])
    with pytest.raises(CommandError):
        call_command("check_ledger")
    err = capsys.readouterr().err
    assert f"suborder:{suborder.pk}:sale is 600.00" in err
    assert "rows add up to" in err  # the payout no longer matches what it paid


def test_check_ledger_reports_a_missing_row(capsys):
    seller = SellerFactory()
    suborder = delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    ledger.accrue()
    _tamper("DELETE FROM payments_ledgerentry WHERE key = %s", [f"suborder:{suborder.pk}:tcs"])
    with pytest.raises(CommandError):
        call_command("check_ledger")
    assert f"missing row suborder:{suborder.pk}:tcs" in capsys.readouterr().err
