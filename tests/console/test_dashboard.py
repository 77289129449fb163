"""The dashboard says what state the artisan is in and, once approved, how the shop is doing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Product
from sellers.models import SellerProfile
from tests.factories import ProductFactory, SellerFactory, SubOrderFactory

pytestmark = pytest.mark.django_db

URL = reverse("console:dashboard")


def page_for(client, user) -> str:
    client.force_login(user)
    return client.get(URL).content.decode()


def test_a_shopper_is_invited_to_apply(client, shopper):
    assert "Start my application" in page_for(client, shopper)


def test_pending_artisan_is_told_about_the_check_and_draft_listings(client, pending_seller):
    page = page_for(client, pending_seller.user)
    assert "usually within 2 working days" in page
    assert reverse("console:product_create") in page


def test_approved_artisan_sees_counts_and_a_low_stock_warning(
    client, seller, django_assert_max_num_queries
):
    ProductFactory(seller=seller, stock=10)
    ProductFactory(seller=seller, stock=0)
    low = ProductFactory(seller=seller, stock=2, title="Brass diya")
    ProductFactory(seller=seller, status=Product.Status.DRAFT)
    ProductFactory(seller=seller, stock=1, fulfilment=Product.Fulfilment.MADE_TO_ORDER)
    client.force_login(seller.user)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    counts = response.context["counts"]
    assert counts["live"] == 4
    assert counts["draft"] == 1
    assert counts["out_of_stock"] == 1
    page = response.content.decode()
    assert "Running low" in page
    assert "Brass diya" in page
    assert reverse("console:product_edit", kwargs={"pk": low.pk}) in page
    assert set(response.context["orders"]) >= {"awaiting_action", "sales_this_month"}


def test_dashboard_in_hindi(client, seller):
    client.force_login(seller.user)
    response = client.get("/hi/sell/")
    assert response.status_code == 200
    assert 'lang="hi"' in response.content.decode()


def test_draft_artisan_is_invited_to_continue(client):
    profile = SellerFactory(status=SellerProfile.Status.DRAFT, onboarding_step="business")
    assert "Continue my application" in page_for(client, profile.user)


def test_this_months_sales_use_the_sites_money_format(client, seller):
    SubOrderFactory(seller=seller, subtotal=Decimal("124500.00"))
    SubOrderFactory(seller=seller, subtotal=Decimal("250.50"))
    client.force_login(seller.user)

    html = client.get("/sell/").content.decode()

    assert "₹1,24,750.50" in html
