"""Razorpay as a payment method of orders' registry (settings.PAYMENT_METHODS)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kernel.money import format_money
from orders.models import Order, ReturnRequest, SubOrder
from orders.payments import PaymentMethod
from payments import gateway, services
from payments.models import GatewayOrder, Refund


class RazorpayCheckout(PaymentMethod):
    """UPI, cards, netbanking and wallets on Razorpay's hosted checkout.

    The order is placed awaiting payment (its stock held until it expires); artisans
    hear of it once it is paid; cancelling a paid part refunds it through the gateway.
    """

    code = "razorpay"
    label = gettext_lazy("Pay online (UPI, card, netbanking)")
    initial_status = Order.PaymentStatus.AWAITING
    notifies_at_placement = False

    def is_available(self) -> bool:
        return gateway.is_configured()

    def on_order_placed(self, order: Order) -> None:
        services.open_gateway_order(order)

    def next_url(self, order: Order) -> str:
        return reverse("payments:pay", kwargs={"number": order.number})

    def on_cancelled(self, *, suborder: SubOrder, amount: Decimal) -> None:
        services.on_cancelled(suborder=suborder, amount=amount)

    def on_delivered(self, *, suborder: SubOrder) -> None:
        """The part's sale, commission and taxes go on the artisan's ledger at once
        (cash-on-delivery parts are posted by the accrual task and the payout run)."""
        from payments import ledger

        ledger.accrue_suborder(suborder=suborder)

    def refund_return(self, *, return_request: ReturnRequest) -> str:
        return services.refund_return(return_request=return_request)

    def status_lines(self, order: Order) -> list[str]:
        gateway_order = (
            GatewayOrder.objects.filter(order=order).select_related("accepted_payment").first()
        )
        if gateway_order is None:
            return []
        lines = []
        payment = gateway_order.accepted_payment
        if payment is not None:
            lines.append(
                _("Paid %(amount)s online (%(method)s) on %(date)s.")
                % {
                    "amount": format_money(payment.amount),
                    "method": payment.get_method_display(),
                    "date": date_format(localtime(gateway_order.paid_at), "DATETIME_FORMAT"),
                }
            )
        elif gateway_order.status == GatewayOrder.Status.EXPIRED:
            lines.append(_("The payment did not arrive in time, so the order was cancelled."))
        refunds = Refund.objects.filter(payment__gateway_order=gateway_order).select_related(
            "suborder__seller"
        )
        for refund in refunds.order_by("pk"):
            lines.append(_refund_line(refund))
        return lines


def _refund_line(refund: Refund) -> str:
    states = {
        Refund.Status.QUEUED: _("being processed"),
        Refund.Status.PENDING: _("being processed"),
        Refund.Status.PROCESSED: _("sent back to you"),
        Refund.Status.FAILED: _("delayed; our team is on it"),
    }
    values = {"amount": format_money(refund.amount), "state": states[refund.status]}
    if refund.suborder is not None:
        values["artisan"] = refund.suborder.seller.tr("display_name")
        return _("Refund of %(amount)s for the part from %(artisan)s: %(state)s.") % values
    return _("Refund of %(amount)s: %(state)s.") % values
