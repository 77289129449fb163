from decimal import Decimal

import pytest

from orders.selectors import seller_dashboard_figures
from orders.services import transition_suborder
from tests.factories import ProductFactory, UserFactory
from tests.orders.conftest import order_for

pytestmark = pytest.mark.django_db


def test_dashboard_counts_orders_to_act_on_and_this_months_sales(django_assert_num_queries):
    product = ProductFactory(price=Decimal("500.00"), stock=20)
    seller = product.seller
    placed = order_for(UserFactory(), (product, 1)).suborders.get()
    accepted = order_for(UserFactory(), (product, 2)).suborders.get()
    transition_suborder(suborder=accepted, to_status="accepted", by=seller.user)
    cancelled = order_for(UserFactory(), (product, 3)).suborders.get()
    transition_suborder(suborder=cancelled, to_status="cancelled", by=seller.user, note="x")
    order_for(UserFactory(), (ProductFactory(), 1))  # another artisan's order

    with django_assert_num_queries(1):
        figures = seller_dashboard_figures(seller)

    assert figures == {"awaiting_action": 2, "sales_this_month": Decimal("1500.00")}
    assert placed.subtotal == Decimal("500.00")


def test_dashboard_figures_for_an_artisan_without_orders():
    seller = ProductFactory().seller
    assert seller_dashboard_figures(seller) == {
        "awaiting_action": 0,
        "sales_this_month": Decimal("0.00"),
    }
