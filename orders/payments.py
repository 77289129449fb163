"""Payment methods, looked up by code from a registry filled from settings.

``settings.PAYMENT_METHODS`` lists dotted paths of ``PaymentMethod`` classes, loaded with
``import_string`` as Django loads email backends, so orders never imports a gateway:
``place_order`` calls ``on_order_placed`` inside its transaction and reads
``initial_status``; fulfilment calls ``on_cancelled`` and ``on_delivered``, returns call
``refund_return``; the checkout
sends the buyer to ``next_url``. A gateway is one class and one entry in the setting.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.money import format_money

if TYPE_CHECKING:
    from orders.models import Order, ReturnRequest, SubOrder


class UnknownPaymentMethod(ValueError):
    pass


class PaymentMethod:
    code: str = ""
    label = ""
    #: Order.payment_status right after placement.
    initial_status = "pending"
    #: False when artisans hear of the order only once it is paid (prepaid methods).
    notifies_at_placement = True

    def is_available(self) -> bool:
        """Offered at checkout (a gateway without keys is not)."""
        return True

    def refusal(self, total: Decimal) -> str:
        """Why this method cannot take an order of ``total`` rupees ('' when it can)."""
        return ""

    def on_order_placed(self, order: Order) -> None:
        """Called inside place_order's transaction once the order and its lines exist."""

    def next_url(self, order: Order) -> str:
        """Where the buyer goes after placing the order."""
        return order.get_absolute_url()

    def on_cancelled(self, *, suborder: SubOrder, amount: Decimal) -> None:
        """Called in the cancelling transaction: ``amount`` (items and shipping) is off."""

    def on_delivered(self, *, suborder: SubOrder) -> None:
        """Called in the transaction that marks a sub-order delivered."""

    def refund_return(self, *, return_request: ReturnRequest) -> str:
        """Called in the transaction where the artisan receives a returned item.

        A method that sends the money back itself (a gateway refund, queued here and sent
        after commit) returns its reference; '' means operations pay the buyer by hand
        (cash on delivery, to the UPI id or bank account the buyer gave).
        """
        return ""

    def status_lines(self, order: Order) -> list[str]:
        """Sentences about the payment (and refunds) for the buyer's order page."""
        return []


class CashOnDelivery(PaymentMethod):
    """The buyer pays the courier; the order is paid once every open part is delivered."""

    code = "cod"
    label = gettext_lazy("Cash on delivery")
    initial_status = "pending"

    def refusal(self, total: Decimal) -> str:
        ceiling = getattr(settings, "COD_MAX_ORDER_TOTAL", "")
        if ceiling and total > Decimal(ceiling):
            return _(
                "Cash on delivery is available up to %(limit)s. Please pay online for this order."
            ) % {"limit": format_money(ceiling)}
        return ""

    def on_delivered(self, *, suborder: SubOrder) -> None:
        from orders.models import Order, SubOrder

        open_parts = SubOrder.objects.filter(order_id=suborder.order_id).exclude(
            status__in=[SubOrder.Status.DELIVERED, SubOrder.Status.CANCELLED]
        )
        if not open_parts.exists():
            Order.objects.filter(
                pk=suborder.order_id, payment_status=Order.PaymentStatus.PENDING
            ).update(payment_status=Order.PaymentStatus.PAID)


@cache
def _registry() -> dict[str, PaymentMethod]:
    methods = [import_string(path)() for path in settings.PAYMENT_METHODS]
    return {m.code: m for m in methods}


def _reset_registry(*, setting: str, **kwargs) -> None:
    if setting == "PAYMENT_METHODS":
        _registry.cache_clear()


setting_changed.connect(_reset_registry, dispatch_uid="orders_payment_methods")


def get_payment_method(code: str) -> PaymentMethod:
    try:
        return _registry()[code]
    except KeyError:
        raise UnknownPaymentMethod(code) from None


def payment_label(code: str) -> str:
    method = _registry().get(code)
    return str(method.label) if method else code


def payment_choices() -> list[tuple[str, str]]:
    """The methods offered at checkout now (a gateway without keys is left out)."""
    return [(m.code, m.label) for m in _registry().values() if m.is_available()]
