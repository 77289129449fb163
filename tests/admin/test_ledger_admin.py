"""Operations in admin: commission rates (never edited once in force), read-only ledger
rows with adjustments as new rows, payout runs and their tax rates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from payments import ledger
from payments.models import CommissionRate, LedgerEntry, PayoutRun
from tests.factories import SellerFactory
from tests.payments.ledger_helpers import delivered_suborder, fixed_rates, rate

pytestmark = pytest.mark.django_db
BASE = "/admin/payments/"


@pytest.fixture(autouse=True)
def _rates(settings):
    fixed_rates(settings)


def test_a_rate_in_force_is_read_only_and_a_future_one_can_be_changed(operations_client):
    in_force = rate("8.00", "2026-01-01")
    future = rate("6.00", (timezone.localdate() + dt.timedelta(days=30)).isoformat())
    page = operations_client.get(f"{BASE}commissionrate/{in_force.pk}/change/")
    assert page.status_code == 200
    assert 'name="percent"' not in page.content.decode()  # shown, not editable
    refused = operations_client.post(
        f"{BASE}commissionrate/{in_force.pk}/change/",
        {"percent": "1.00", "starts_on": "2026-01-01"},
    )
    assert refused.status_code == 403
    assert CommissionRate.objects.get(pk=in_force.pk).percent == Decimal("8.00")
    assert operations_client.post(f"{BASE}commissionrate/{in_force.pk}/delete/").status_code == 403
    editable = operations_client.get(f"{BASE}commissionrate/{future.pk}/change/")
    assert 'name="percent"' in editable.content.decode()


def test_operations_add_a_new_rate(operations_client):
    response = operations_client.post(
        f"{BASE}commissionrate/add/",
        {"percent": "7.50", "starts_on": "2027-01-01", "note": "New year rate"},
    )
    assert response.status_code == 302
    assert CommissionRate.objects.get(note="New year rate").percent == Decimal("7.50")


def test_an_adjustment_is_a_new_row_with_a_mandatory_reason(operations_client):
    seller = SellerFactory()
    refused = operations_client.post(
        f"{BASE}ledgerentry/add/", {"seller": seller.pk, "amount": "120.00", "reason": ""}
    )
    assert refused.status_code == 200 and not LedgerEntry.objects.exists()
    zero = operations_client.post(
        f"{BASE}ledgerentry/add/", {"seller": seller.pk, "amount": "0", "reason": "x"}
    )
    assert "Enter an amount other than zero." in zero.content.decode()
    added = operations_client.post(
        f"{BASE}ledgerentry/add/",
        {"seller": seller.pk, "amount": "-45.50", "reason": "Packing material supplied"},
    )
    assert added.status_code == 302
    row = LedgerEntry.objects.get()
    assert (row.kind, row.amount, row.reason) == (
        LedgerEntry.Kind.ADJUSTMENT,
        Decimal("-45.50"),
        "Packing material supplied",
    )
    assert row.created_by is not None
    page = operations_client.get(f"{BASE}ledgerentry/{row.pk}/change/")
    assert page.status_code == 200 and 'name="amount"' not in page.content.decode()
    assert operations_client.post(f"{BASE}ledgerentry/{row.pk}/delete/").status_code == 403


def test_ledger_and_payout_lists_open_for_operations_in_both_languages(operations_client):
    seller = SellerFactory()
    delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    ledger.accrue()
    for url in [
        f"{BASE}ledgerentry/",
        f"{BASE}payout/",
        f"{BASE}payoutrun/",
        f"{BASE}commissionrate/",
        f"/hi{BASE}payoutrun/",
    ]:
        assert operations_client.get(url).status_code == 200, url
    page = operations_client.get(f"{BASE}payoutrun/").content.decode()
    assert "GST TCS (section 52)" in page and "2024-07-10" in page and "0.50" in page


def test_operations_start_a_payout_run_from_admin(operations_client):
    seller = SellerFactory()
    delivered_suborder(seller, placed="2026-10-02", delivered="2026-10-05")
    response = operations_client.post(f"{BASE}payoutrun/start/")
    run = PayoutRun.objects.get()
    assert response.status_code == 302 and run.payout_count == 1
    detail = operations_client.get(f"{BASE}payoutrun/{run.pk}/change/").content.decode()
    assert "Download the NEFT file" in detail


def test_a_curator_cannot_start_payout_runs(curator_client):
    assert curator_client.post(f"{BASE}payoutrun/start/").status_code == 403
    assert not PayoutRun.objects.exists()
