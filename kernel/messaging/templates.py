"""Every SMS and WhatsApp message the site sends, in one list.

Indian SMS rules (TRAI's DLT) only let a message through if its text matches a template
registered on the DLT platform, under a template id; WhatsApp only lets a business start a
conversation with a template approved by Meta. So each message here has:

- ``text``: the wording, marked for translation. The English and the Hindi texts are
  registered as two DLT templates (``{#var#}`` where a parameter goes) and as the "en" and
  "hi" languages of one WhatsApp template (``{{1}}``, ``{{2}}``… in ``params`` order).
- its DLT template ids, per language, in ``settings.SMS_DLT_TEMPLATE_IDS[key]`` and its
  WhatsApp template name in ``settings.WHATSAPP_TEMPLATES[key]`` (environment variables,
  see docs/messaging-templates.md, which lists them all for the operator).

``manage.py message_templates`` prints the list with the ids in force.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MessageTemplate:
    key: str
    #: The wording with %(name)s placeholders, one per entry of ``params``.
    text: Promise
    params: tuple[str, ...]
    #: What the message is for, for the operator registering it.
    purpose: str
    #: DLT category: "OTP" codes go on the OTP route (fastest), the rest "SERVICE_IMPLICIT".
    category: str = "SERVICE_IMPLICIT"

    def render(self, params: dict[str, str], language: str) -> str:
        with translation.override(language or settings.LANGUAGE_CODE):
            return str(self.text) % {name: params.get(name, "") for name in self.params}

    def dlt_template_id(self, language: str) -> str:
        ids = settings.SMS_DLT_TEMPLATE_IDS.get(self.key, {})
        return ids.get(language) or ids.get(settings.LANGUAGE_CODE, "")

    @property
    def whatsapp_name(self) -> str:
        return settings.WHATSAPP_TEMPLATES.get(self.key, self.key)


TEMPLATES: dict[str, MessageTemplate] = {
    t.key: t
    for t in (
        MessageTemplate(
            "login_code",
            _(
                "%(code)s is your ODOP Market code. It works for %(minutes)s minutes. "
                "Do not share it."
            ),
            ("code", "minutes"),
            "Sign-in and mobile verification code (allauth)",
            category="OTP",
        ),
        MessageTemplate(
            "assisted_consent",
            _(
                "ODOP Market: %(helper)s is helping you open your shop at the workshop. "
                "If you agree, tell them this code: %(code)s"
            ),
            ("helper", "code"),
            "To an artisan at a district workshop: the consent code they read out to the "
            "ODOP helper who fills in their application with them",
            category="OTP",
        ),
        MessageTemplate(
            "order_confirmation",
            _("ODOP Market: your order %(number)s of %(total)s is placed. Details: %(url)s"),
            ("number", "total", "url"),
            "To the buyer when an order is placed (or paid)",
        ),
        MessageTemplate(
            "new_order",
            _("ODOP Market: new order %(number)s to prepare, %(total)s. Details: %(url)s"),
            ("number", "total", "url"),
            "To the artisan for each new order",
        ),
        MessageTemplate(
            "shipped",
            _("ODOP Market: your order %(number)s is on its way. Track it: %(url)s"),
            ("number", "url"),
            "To the buyer when a part of the order is shipped",
        ),
        MessageTemplate(
            "cancelled",
            _("ODOP Market: part of your order %(number)s is cancelled. Details: %(url)s"),
            ("number", "url"),
            "To the buyer when a part of the order is cancelled",
        ),
        MessageTemplate(
            "return_requested",
            _(
                "ODOP Market: a buyer asks to return %(product)s from order %(number)s. "
                "Answer here: %(url)s"
            ),
            ("product", "number", "url"),
            "To the artisan when a buyer asks to return an item",
        ),
        MessageTemplate(
            "return_accepted",
            _("ODOP Market: your return from order %(number)s is accepted. Details: %(url)s"),
            ("number", "url"),
            "To the buyer when the artisan accepts a return",
        ),
        MessageTemplate(
            "return_rejected",
            _("ODOP Market: your return from order %(number)s was refused. See why: %(url)s"),
            ("number", "url"),
            "To the buyer when the artisan refuses a return",
        ),
        MessageTemplate(
            "return_disputed",
            _(
                "ODOP Market: the buyer disputes your refusal of a return from order "
                "%(number)s. Details: %(url)s"
            ),
            ("number", "url"),
            "To the artisan when a buyer disputes a refused return",
        ),
        MessageTemplate(
            "return_decided",
            _(
                "ODOP Market: our team has decided the return from order %(number)s. "
                "Details: %(url)s"
            ),
            ("number", "url"),
            "To the buyer and the artisan when operations decide a disputed return",
        ),
        MessageTemplate(
            "return_pickup",
            _(
                "ODOP Market: a pickup is booked for your return from order %(number)s. "
                "Details: %(url)s"
            ),
            ("number", "url"),
            "To the buyer when the artisan books the return pickup",
        ),
        MessageTemplate(
            "return_received",
            _(
                "ODOP Market: the artisan has your return from order %(number)s back. "
                "Details: %(url)s"
            ),
            ("number", "url"),
            "To the buyer when the artisan receives the returned item",
        ),
        MessageTemplate(
            "return_refunded",
            _(
                "ODOP Market: %(amount)s for your return from order %(number)s is refunded. "
                "Details: %(url)s"
            ),
            ("amount", "number", "url"),
            "To the buyer when a return's money goes back",
        ),
        MessageTemplate(
            "payout_sent",
            _(
                "ODOP Market: your payout of %(amount)s (%(reference)s) is on its way to "
                "your bank. Details: %(url)s"
            ),
            ("amount", "reference", "url"),
            "To the artisan when a payout is sent to the bank",
        ),
        MessageTemplate(
            "payout_paid",
            _(
                "ODOP Market: your payout of %(amount)s (%(reference)s) is paid into your "
                "bank. Details: %(url)s"
            ),
            ("amount", "reference", "url"),
            "To the artisan when the bank confirms a payout",
        ),
        MessageTemplate(
            "payout_failed",
            _(
                "ODOP Market: your payout of %(amount)s (%(reference)s) could not be paid. "
                "Please check your bank details: %(url)s"
            ),
            ("amount", "reference", "url"),
            "To the artisan when the bank returns a payout",
        ),
        MessageTemplate(
            "back_in_stock",
            _("ODOP Market: %(product)s is back in stock. See it: %(url)s"),
            ("product", "url"),
            "To a shopper who asked to hear when a product is back",
        ),
        MessageTemplate(
            "seller_approved",
            _(
                "ODOP Market: your shop %(shop)s is approved. "
                "You can list your products now: %(url)s"
            ),
            ("shop", "url"),
            "To the artisan when staff approve the shop",
        ),
        MessageTemplate(
            "seller_rejected",
            _("ODOP Market: your shop %(shop)s is not approved yet. See what to change: %(url)s"),
            ("shop", "url"),
            "To the artisan when staff turn the shop down",
        ),
        MessageTemplate(
            "seller_suspended",
            _("ODOP Market: your shop %(shop)s is paused. See why: %(url)s"),
            ("shop", "url"),
            "To the artisan when staff suspend the shop",
        ),
    )
}


def get_template(key: str) -> MessageTemplate:
    return TEMPLATES[key]
