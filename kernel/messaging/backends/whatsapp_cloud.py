"""WhatsApp through the WhatsApp Business Cloud API, with Meta-approved templates.

``POST {WHATSAPP_API_URL}/{WHATSAPP_API_VERSION}/{WHATSAPP_PHONE_NUMBER_ID}/messages`` with
``Authorization: Bearer {WHATSAPP_ACCESS_TOKEN}`` and a JSON body of ``type: "template"``:
the template's name (``settings.WHATSAPP_TEMPLATES``), its language code ("en" or "hi")
and the body parameters in order. The answer carries ``messages[0].id`` (a ``wamid``);
status changes come back to ``/messaging/whatsapp/webhook/`` signed with the app secret
(kernel.views.whatsapp_webhook).
"""

from __future__ import annotations

import requests
from django.conf import settings

from kernel.messaging import DeliveryError
from kernel.messaging.templates import get_template

TIMEOUT = (5, 15)


def template_payload(message) -> dict:
    template = get_template(message.template)
    language = settings.WHATSAPP_LANGUAGE_CODES.get(message.language, message.language)
    parameters = [
        {"type": "text", "text": str(message.params.get(name, ""))} for name in template.params
    ]
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": message.to.lstrip("+"),
        "type": "template",
        "template": {
            "name": template.whatsapp_name,
            "language": {"code": language},
            "components": [{"type": "body", "parameters": parameters}],
        },
    }


class WhatsAppCloudBackend:
    def send(self, message) -> str:
        url = (
            f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_API_VERSION}/"
            f"{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
        )
        headers = {"Authorization": f"Bearer {settings.WHATSAPP_ACCESS_TOKEN}"}
        try:
            response = requests.post(
                url, json=template_payload(message), headers=headers, timeout=TIMEOUT
            )
            body = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise DeliveryError(f"WhatsApp unreachable or unreadable: {exc}") from exc
        if response.status_code != 200 or not body.get("messages"):
            error = body.get("error", {}) if isinstance(body, dict) else {}
            raise DeliveryError(f"WhatsApp refused: {error.get('code')} {error.get('message')}")
        return str(body["messages"][0]["id"])
