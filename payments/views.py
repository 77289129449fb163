"""The pay page, the buyer's return from the gateway, and the gateway's webhook.

The pay page posts a form to Razorpay's hosted checkout (a redirect flow): no
third-party script runs on our pages, and the content security policy opens the gateway's
origin for ``form-action`` on this page only. The return and the webhook are exempt from
CSRF because the gateway, not our form, sends them: each is authenticated by its HMAC
signature instead (payment signature with the key secret, webhook with the webhook secret).
"""

from __future__ import annotations

import hashlib
import json
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from orders.models import Order
from payments import gateway, services
from payments.gateway import GatewayUnavailable, SignatureInvalid, to_paise
from payments.models import GatewayOrder
from payments.webhooks import handle_webhook

logger = logging.getLogger(__name__)


def _gateway_origin() -> str:
    parts = urlsplit(settings.RAZORPAY_BASE_URL)
    return f"{parts.scheme}://{parts.netloc}"


@login_required
def pay(request: HttpRequest, number: str) -> HttpResponse:
    """Send the buyer to the gateway's hosted checkout for an order awaiting payment."""
    order = get_object_or_404(Order, number=number, buyer=request.user)
    gateway_order = GatewayOrder.objects.filter(order=order).first()
    if gateway_order is None:
        raise Http404
    if (
        gateway_order.status == GatewayOrder.Status.AWAITING
        and gateway_order.expires_at <= timezone.now()
    ):
        services.expire_gateway_order(pk=gateway_order.pk)
        gateway_order.refresh_from_db()
    if gateway_order.status != GatewayOrder.Status.AWAITING:
        if gateway_order.status == GatewayOrder.Status.EXPIRED:
            messages.error(request, _("The time to pay for this order ran out."))
        return redirect(order)
    problem = ""
    try:
        gateway_order = services.ensure_gateway_order(gateway_order)
    except GatewayUnavailable:
        logger.warning("Gateway order for %s not created", order.number)
        problem = _("The payment service is not answering. Please try again in a minute.")
    context = {
        "order": order,
        "gateway_order": gateway_order,
        "problem": problem,
        "checkout_url": settings.RAZORPAY_BASE_URL.rstrip("/") + "/v1/checkout/embedded",
        "key_id": settings.RAZORPAY_KEY_ID,
        "amount_paise": to_paise(gateway_order.amount),
        "callback_url": request.build_absolute_uri(reverse("payments:razorpay_return")),
        "cancel_url": request.build_absolute_uri(order.get_absolute_url()),
        "minutes_left": max(
            0, int((gateway_order.expires_at - timezone.now()).total_seconds() // 60)
        ),
    }
    response = render(request, "payments/pay.html", context)
    response._csp_update = {"form-action": [_gateway_origin()]}  # this page only
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def razorpay_return(request: HttpRequest) -> HttpResponse:
    """The buyer back from checkout: verify the signature, then ask the gateway for the
    payment (its amount and method) and record it. Nothing is marked paid otherwise."""
    data = request.POST if request.method == "POST" else request.GET
    if data.get("error[code]") or data.get("error[description]"):
        return _failed_return(request, data)
    order_id = data.get("razorpay_order_id", "")
    payment_id = data.get("razorpay_payment_id", "")
    signature = data.get("razorpay_signature", "")
    if not (order_id and payment_id and signature):
        return HttpResponseBadRequest(_("This payment response is incomplete."))
    try:
        gateway.verify_payment_signature(
            order_id=order_id, payment_id=payment_id, signature=signature
        )
    except SignatureInvalid:
        logger.warning("Payment return with a bad signature for %s", order_id[:40])
        return HttpResponseBadRequest(_("This payment response could not be verified."))
    gateway_order = get_object_or_404(
        GatewayOrder.objects.select_related("order"), gateway_order_id=order_id
    )
    order = gateway_order.order
    try:
        entity = gateway.call(gateway.client().payment.fetch, payment_id)
    except GatewayUnavailable:
        messages.info(
            request, _("We are confirming your payment with the bank. Look again in a minute.")
        )
        return redirect(order)
    if entity.get("order_id") != order_id:
        return HttpResponseBadRequest(_("This payment response could not be verified."))
    outcome = services.record_payment(entity=entity, source="return")
    if outcome in ("paid", "already-paid"):
        messages.success(
            request,
            _("Thank you! Your payment is received and order %(number)s is placed.")
            % {"number": order.number},
        )
    elif outcome == "late-refunded":
        messages.error(
            request,
            _("Your payment arrived after the time to pay ran out. It will be refunded in full."),
        )
    elif outcome == "duplicate":
        messages.info(
            request,
            _("This order was already paid, so this second payment will be refunded in full."),
        )
    elif outcome == "flagged":
        messages.error(
            request, _("This payment does not match the order. Our team will contact you.")
        )
    else:
        messages.info(
            request, _("We are confirming your payment with the bank. Look again in a minute.")
        )
    return redirect(order)


def _failed_return(request: HttpRequest, data) -> HttpResponse:
    """Checkout reports a failure. Its fields are not signed: we ask the gateway."""
    try:
        metadata = json.loads(data.get("error[metadata]", "") or "{}")
    except ValueError:
        metadata = {}
    order_id, payment_id = str(metadata.get("order_id", "")), str(metadata.get("payment_id", ""))
    gateway_order = GatewayOrder.objects.filter(gateway_order_id=order_id or "-").first()
    if gateway_order is None:
        return HttpResponseBadRequest(_("This payment response is incomplete."))
    if payment_id:
        try:
            entity = gateway.call(gateway.client().payment.fetch, payment_id)
        except GatewayUnavailable:
            entity = None
        if entity and entity.get("order_id") == order_id:
            services.record_payment(entity=entity, source="return")
    messages.error(request, _("The payment did not go through. You can try again."))
    order = gateway_order.order
    if gateway_order.status == GatewayOrder.Status.AWAITING:
        return redirect("payments:pay", number=order.number)
    return redirect(order)


@csrf_exempt
@require_POST
def razorpay_webhook(request: HttpRequest) -> HttpResponse:
    """Razorpay's events, verified on the raw body with the webhook secret."""
    body = request.body
    event_id = request.headers.get("X-Razorpay-Event-Id", "") or hashlib.sha256(body).hexdigest()
    try:
        outcome = handle_webhook(
            body=body,
            signature=request.headers.get("X-Razorpay-Signature", ""),
            event_id=event_id[:60],
        )
    except SignatureInvalid:
        logger.warning("Webhook with a missing or bad signature refused")
        return HttpResponseBadRequest("bad signature", content_type="text/plain")
    except ValueError:
        return HttpResponseBadRequest("bad payload", content_type="text/plain")
    return HttpResponse(outcome, content_type="text/plain")
