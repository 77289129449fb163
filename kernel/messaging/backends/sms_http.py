"""SMS through Gupshup's Enterprise SMS HTTP API (enterprise.smsgupshup.com/GatewayAPI/rest).

One POST per message, form-encoded, as the provider documents it: ``method=SendMessage``,
``send_to`` (91XXXXXXXXXX), ``msg``, ``msg_type`` (``TEXT``, or ``Unicode_text`` for
Hindi), ``userid``/``password`` with ``auth_scheme=plain``, ``v=1.1``, ``format=json``,
the sender id (``mask``, six letters registered on DLT), and the two ids TRAI's DLT rules
require on every message: ``principalEntityId`` (our registered entity) and
``dltTemplateId`` (the registered template this text matches, per message and language,
from ``settings.SMS_DLT_TEMPLATE_IDS``).

The answer is ``{"response": {"id", "phone", "details", "status": "success"|"error"}}``;
the id comes back as ``externalId`` in the delivery report Gupshup calls our
``/messaging/sms/delivery/`` endpoint with (kernel.views.sms_delivery_report).
"""

from __future__ import annotations

import requests
from django.conf import settings

from kernel.messaging import DeliveryError
from kernel.messaging.templates import get_template

TIMEOUT = (5, 15)


class GupshupSmsBackend:
    def send(self, message) -> str:
        template = get_template(message.template)
        text = message.text
        payload = {
            "method": "SendMessage",
            "send_to": message.to.lstrip("+"),
            "msg": text,
            "msg_type": "TEXT" if text.isascii() else "Unicode_text",
            "userid": settings.SMS_USERID,
            "password": settings.SMS_PASSWORD,
            "auth_scheme": "plain",
            "v": "1.1",
            "format": "json",
            "mask": settings.SMS_SENDER_ID,
            "principalEntityId": settings.SMS_DLT_ENTITY_ID,
            "dltTemplateId": template.dlt_template_id(message.language),
        }
        try:
            response = requests.post(settings.SMS_API_URL, data=payload, timeout=TIMEOUT)
            body = response.json()["response"]
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            raise DeliveryError(f"SMS provider unreachable or unreadable: {exc}") from exc
        if response.status_code != 200 or body.get("status") != "success":
            raise DeliveryError(f"SMS refused: {body.get('id')} {body.get('details')}")
        return str(body["id"])
