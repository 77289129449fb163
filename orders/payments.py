"""Payment methods, looked up by code, so an online gateway can be added later.

``place_order`` only calls ``get_payment_method(code).on_order_placed(order)`` inside its
transaction and reads ``initial_status``; a gateway adds a class here (whose
``on_order_placed`` creates a payment intent and whose ``next_url`` sends the buyer to pay)
and one entry in ``PAYMENT_METHODS``, without touching order placement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from orders.models import Order


class UnknownPaymentMethod(ValueError):
    pass


class PaymentMethod:
    code: str = ""
    label = ""
    #: Order.payment_status right after placement.
    initial_status = "pending"

    def on_order_placed(self, order: Order) -> None:
        """Called inside place_order's transaction once the order and its lines exist."""

    def next_url(self, order: Order) -> str:
        """Where the buyer goes after placing the order."""
        return order.get_absolute_url()


class CashOnDelivery(PaymentMethod):
    """The buyer pays the courier; nothing to do online."""

    code = "cod"
    label = _("Cash on delivery")
    initial_status = "pending"


PAYMENT_METHODS: dict[str, PaymentMethod] = {m.code: m for m in (CashOnDelivery(),)}


def get_payment_method(code: str) -> PaymentMethod:
    try:
        return PAYMENT_METHODS[code]
    except KeyError:
        raise UnknownPaymentMethod(code) from None


def payment_choices() -> list[tuple[str, str]]:
    return [(m.code, m.label) for m in PAYMENT_METHODS.values()]
