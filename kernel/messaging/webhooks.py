"""Delivery reports from the SMS and WhatsApp providers, moving ``kernel.Message.status``.

- SMS (Gupshup): the provider calls the URL we registered with it,
  ``/messaging/sms/delivery/?token=<SMS_DLR_TOKEN>``, with ``externalId`` (the id its send
  API returned), ``status`` (SUCCESS, FAIL, …), ``deliveredTS`` (epoch milliseconds),
  ``cause`` and ``phoneNo``. Gupshup signs nothing, so the secret token in the URL is
  the check; without one configured the endpoint answers 404.
- WhatsApp (Cloud API): Meta verifies the URL once with ``hub.mode=subscribe``,
  ``hub.verify_token`` and ``hub.challenge`` (GET), then POSTs JSON change notifications
  signed with the app secret (``X-Hub-Signature-256: sha256=<HMAC-SHA256 of the body>``);
  ``entry[].changes[].value.statuses[]`` carry ``id`` (the wamid), ``status`` (sent,
  delivered, read, failed), ``timestamp`` and ``errors``.

Unknown ids and stale reports are acknowledged and ignored (providers retry non-2xx).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from datetime import UTC, datetime

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kernel.messaging.delivery import record_status
from kernel.models import Message

logger = logging.getLogger(__name__)

SMS_STATUSES = {
    "SUCCESS": Message.Status.DELIVERED,
    "DELIVRD": Message.Status.DELIVERED,
    "FAIL": Message.Status.FAILED,
    "FAILED": Message.Status.FAILED,
    "UNDELIV": Message.Status.FAILED,
    "EXPIRED": Message.Status.FAILED,
    "REJECTED": Message.Status.FAILED,
}
WHATSAPP_STATUSES = {
    "sent": Message.Status.SENT,
    "delivered": Message.Status.DELIVERED,
    "read": Message.Status.READ,
    "failed": Message.Status.FAILED,
}


def _timestamp(value: str, *, millis: bool) -> datetime | None:
    try:
        seconds = int(value) / (1000 if millis else 1)
        return datetime.fromtimestamp(seconds, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def sms_delivery_report(request: HttpRequest) -> HttpResponse:
    expected = settings.SMS_DLR_TOKEN
    if not expected:
        raise Http404("Delivery reports are not set up.")
    if not hmac.compare_digest(request.GET.get("token", "").encode(), expected.encode()):
        return HttpResponseForbidden("Wrong token.")
    data = request.POST if request.method == "POST" else request.GET
    provider_id = data.get("externalId", "").strip()
    status = SMS_STATUSES.get(data.get("status", "").strip().upper())
    if provider_id and status:
        record_status(
            channel=Message.Channel.SMS,
            provider_id=provider_id[:100],
            status=status,
            at=_timestamp(data.get("deliveredTS", ""), millis=True),
            error="" if status == Message.Status.DELIVERED else data.get("cause", "")[:300],
        )
    return HttpResponse("OK", content_type="text/plain")


def whatsapp_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def whatsapp_webhook(request: HttpRequest) -> HttpResponse:
    if not settings.WHATSAPP_APP_SECRET:
        raise Http404("The WhatsApp webhook is not set up.")
    if request.method == "GET":
        token = request.GET.get("hub.verify_token", "")
        if request.GET.get("hub.mode") == "subscribe" and hmac.compare_digest(
            token.encode(), settings.WHATSAPP_VERIFY_TOKEN.encode()
        ):
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden("Wrong verify token.")
    expected = whatsapp_signature(settings.WHATSAPP_APP_SECRET, request.body)
    given = request.headers.get("X-Hub-Signature-256", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        return HttpResponseForbidden("Bad signature.")
    try:
        payload = json.loads(request.body)
        entries = payload.get("entry", [])
        statuses = [
            status
            for entry in entries
            for change in entry.get("changes", [])
            for status in change.get("value", {}).get("statuses", [])
        ]
    except (ValueError, AttributeError, TypeError):
        return HttpResponse("Unreadable body.", status=400, content_type="text/plain")
    for report in statuses:
        status = WHATSAPP_STATUSES.get(str(report.get("status", "")))
        provider_id = str(report.get("id", ""))[:100]
        if not (status and provider_id):
            continue
        errors = report.get("errors") or [{}]
        record_status(
            channel=Message.Channel.WHATSAPP,
            provider_id=provider_id,
            status=status,
            at=_timestamp(report.get("timestamp", ""), millis=False),
            error=str(errors[0].get("title", "")) if status == Message.Status.FAILED else "",
        )
    return HttpResponse("OK", content_type="text/plain")
