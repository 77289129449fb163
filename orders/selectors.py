"""Read-side queries about orders, for other apps (the seller dashboard)."""

from decimal import Decimal


def seller_dashboard_figures(seller) -> dict:
    """Orders waiting for the artisan's action and this month's sales, for the dashboard.

    Returns {"awaiting_action": int, "sales_this_month": Decimal}. Until orders exist
    (the orders issue), there is nothing to count.
    """
    return {"awaiting_action": 0, "sales_this_month": Decimal("0.00")}
