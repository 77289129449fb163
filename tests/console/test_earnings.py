"""The artisan's earnings page and statement downloads under /sell/earnings/."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from payments import ledger, payouts, selectors, statements
from tests.factories import SellerFactory
from tests.payments.ledger_helpers import (
    at,
    delivered_suborder,
    fixed_rates,
    processed_refund,
    refunded_return,
)

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).resolve().parent.parent / "payments" / "golden"


@pytest.fixture(autouse=True)
def _rates(settings):
    fixed_rates(settings)


def _november(seller):
    """A fixed month: two sales (one cash on delivery), a partial refund, a return, an
    adjustment and a payout."""
    first = delivered_suborder(
        seller,
        placed="2026-11-02",
        delivered="2026-11-04",
        subtotal="1250.50",
        number="OD-2611-0001",
    )
    delivered_suborder(
        seller,
        placed="2026-11-03",
        delivered="2026-11-06",
        subtotal="799.00",
        method="cod",
        number="OD-2611-0002",
    )
    processed_refund(first, amount="200.00", day="2026-11-08")
    refunded_return(first, amount="300.00", day="2026-11-10")
    ledger.accrue()
    payouts.run_payouts(now=at("2026-11-16", "06:00"))


def test_golden_statement_csv_matches_line_by_line():
    seller = SellerFactory(display_name="Golden Brassworks", slug="golden-brassworks")
    _november(seller)
    # Payout references carry ids, which differ from run to run: name them by position.
    statement = selectors.statement(seller, year=2026, month=11)
    with translation.override("en"):
        generated = statements.statement_csv(statement).lstrip("\ufeff")
    for index, payout in enumerate(seller.payouts.order_by("pk"), start=1):
        generated = generated.replace(payout.reference, f"PAYOUT-{index}")
    expected = (GOLDEN / "statement_2026_11_en.csv").read_text(encoding="utf-8")
    assert generated.splitlines() == expected.splitlines()


def test_earnings_page_shows_only_the_artisans_own_rows(client, django_assert_max_num_queries):
    seller = SellerFactory()
    other = SellerFactory()
    _november(seller)
    delivered_suborder(other, placed="2026-11-02", delivered="2026-11-04", number="OD-OTHER-1")
    ledger.accrue()
    client.force_login(seller.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("console:earnings") + "?month=2026-11")
    page = response.content.decode()
    assert response.status_code == 200
    assert "OD-2611-0001" in page and "OD-OTHER-1" not in page
    assert "Cash collected by the courier" in page
    assert "GST TCS (section 52) 0.50%" in page
    payout = seller.payouts.get()
    assert payout.reference in page
    assert ledger.money(payout.amount) == Decimal(
        "1504.53"
    )  # 730.59 + (799 + 60 − 79.90 − 4.30 − 0.86)


def test_earnings_page_in_hindi(client):
    seller = SellerFactory()
    _november(seller)
    client.force_login(seller.user)
    response = client.get("/hi/sell/earnings/?month=2026-11")
    page = response.content.decode()
    assert response.status_code == 200
    assert "आपकी कमाई" in page and "बिक्री" in page and "₹1,250.50" in page


def test_a_buyer_without_a_shop_is_sent_away(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("console:earnings"))
    assert response.status_code == 302


def test_a_bad_month_falls_back_and_a_bad_download_month_is_not_found(client):
    seller = SellerFactory()
    client.force_login(seller.user)
    assert client.get(reverse("console:earnings") + "?month=2026-13").status_code == 200
    assert client.get("/sell/earnings/2026/13/statement.csv").status_code == 404


@pytest.mark.parametrize("language", ["en", "hi"])
def test_statement_downloads_as_csv_and_pdf(client, language):
    seller = SellerFactory()
    _november(seller)
    client.force_login(seller.user)
    prefix = "/hi" if language == "hi" else ""
    csv_response = client.get(f"{prefix}/sell/earnings/2026/11/statement.csv")
    assert csv_response.status_code == 200
    text = csv_response.content.decode("utf-8-sig")
    assert ("शुरुआती बाक़ी" if language == "hi" else "Opening balance") in text
    assert "₹1,250.50" in text
    pdf_response = client.get(f"{prefix}/sell/earnings/2026/11/statement.pdf")
    assert pdf_response.status_code == 200
    assert pdf_response["Content-Type"] == "application/pdf"
    assert pdf_response.content.startswith(b"%PDF")
    assert b"NotoSansDevanagari" in pdf_response.content


def test_statement_months_and_payable_dates():
    seller = SellerFactory()
    delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-04")
    ledger.accrue()
    earnings = selectors.earnings_for(seller, now=at("2026-11-05"))
    assert earnings.payable_now == Decimal("0.00")
    assert earnings.upcoming == [(dt.date(2026, 11, 11), Decimal("506.64"))]
    assert selectors.statement_months(seller) == [dt.date(2026, 11, 1)]


def test_statement_csv_neutralises_formulas_typed_by_people(client):
    seller = SellerFactory()
    ledger.post_adjustment(
        seller=seller, amount=Decimal("10"), reason='=HYPERLINK("http://x")', by=None
    )
    client.force_login(seller.user)
    month = timezone.localdate()
    response = client.get(f"/sell/earnings/{month.year}/{month.month}/statement.csv")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_without_the_fonts_the_pdf_link_says_so_instead_of_failing(client, settings, tmp_path):
    settings.STATEMENT_FONT_DIR = str(tmp_path)
    seller = SellerFactory()
    client.force_login(seller.user)
    response = client.get("/sell/earnings/2026/11/statement.pdf", follow=True)
    assert response.status_code == 200
    assert "The PDF cannot be made right now" in response.content.decode()
