"""Print every SMS/WhatsApp template for registration with the providers (Markdown).

docs/messaging-templates.md is this command's output with the default (empty) ids;
``tests/kernel/test_message_templates.py`` keeps the two the same. Run it on a server to
see the ids in force there.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from kernel.messaging.templates import TEMPLATES

HEADER = """# SMS and WhatsApp templates

Every SMS and WhatsApp message ODOP Market sends, for the operator who registers them:

- **SMS (DLT).** Register each text below, English and Hindi separately, as a template
  on your DLT platform (Jio, Airtel, Vi, BSNL…) under the sender id `SMS_SENDER_ID` and
  the entity id `SMS_DLT_ENTITY_ID`, with `{#var#}` where the text shows one. Put the
  template id DLT gives you in the environment variable named in the table. Codes go as
  the "OTP" category, the rest as "Service Implicit". Hindi goes as Unicode text.
- **WhatsApp (Cloud API).** Create one template per message under the name in the
  table (or set the variable to the name you chose), in the languages `en` and `hi`,
  category "Utility" ("Authentication" for the code), with the body below where
  `{{1}}`, `{{2}}`… are the parameters in the order listed.
- Delivery reports: give Gupshup the URL
  `<SITE_ORIGIN>/messaging/sms/delivery/?token=<SMS_DLR_TOKEN>`; give Meta the webhook
  `<SITE_ORIGIN>/messaging/whatsapp/webhook/` with the verify token
  `WHATSAPP_VERIFY_TOKEN` (signed with `WHATSAPP_APP_SECRET`), subscribed to `messages`.

This page is the output of `python manage.py message_templates`; run it on a server to
see the ids in force there.
"""


def _id(value: str | None) -> str:
    return f"`{value}`" if value else "not set"


def _dlt(text: str, params: tuple[str, ...]) -> str:
    return re.sub(r"%\((\w+)\)s", "{#var#}", text)


def _whatsapp(text: str, params: tuple[str, ...]) -> str:
    return re.sub(r"%\((\w+)\)s", lambda m: f"{{{{{params.index(m[1]) + 1}}}}}", text)


class Command(BaseCommand):
    help = "List the SMS (DLT) and WhatsApp templates with their ids, as Markdown."

    def handle(self, *args, **options) -> None:
        lines = [HEADER]
        for template in TEMPLATES.values():
            texts = {}
            for language in ("en", "hi"):
                with translation.override(language):
                    texts[language] = str(template.text)
            ids = settings.SMS_DLT_TEMPLATE_IDS.get(template.key, {})
            lines += [
                f"## `{template.key}`",
                "",
                f"{template.purpose}. DLT category: {template.category}. "
                f"Parameters: {', '.join(template.params)}.",
                "",
                "| | English | Hindi |",
                "|---|---|---|",
                f"| DLT text | {_dlt(texts['en'], template.params)} "
                f"| {_dlt(texts['hi'], template.params)} |",
                f"| DLT template id | `SMS_DLT_{template.key.upper()}_EN`: "
                f"{_id(ids.get('en'))} | `SMS_DLT_{template.key.upper()}_HI`: "
                f"{_id(ids.get('hi'))} |",
                f"| WhatsApp body | {_whatsapp(texts['en'], template.params)} "
                f"| {_whatsapp(texts['hi'], template.params)} |",
                f"| WhatsApp template | `WHATSAPP_TEMPLATE_{template.key.upper()}`: "
                f"`{template.whatsapp_name}` (language `en`) | same name, language `hi` |",
                "",
            ]
        self.stdout.write("\n".join(lines).rstrip() + "\n", ending="")
