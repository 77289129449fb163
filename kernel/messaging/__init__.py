"""SMS and WhatsApp, sent through pluggable backends chosen by settings.

Like Django's email backends: ``settings.SMS_BACKEND`` and ``settings.WHATSAPP_BACKEND``
name a class with ``send(message) -> provider message id``.

- ``kernel.messaging.backends.console.ConsoleBackend``: prints the message (development,
  ``make run``: sign-in codes show in the runserver console);
- ``kernel.messaging.backends.locmem.LocmemBackend``: appends it to
  ``kernel.messaging.outbox`` (tests, like ``django.core.mail.outbox``);
- ``kernel.messaging.backends.filebased.FileBackend``: one JSON file per message in
  ``MESSAGING_FILE_PATH`` (tests whose messages are sent by a separate worker process);
- ``kernel.messaging.backends.sms_http.GupshupSmsBackend``: Gupshup's Enterprise SMS HTTP
  API with the DLT template id and entity id Indian SMS rules require;
- ``kernel.messaging.backends.whatsapp_cloud.WhatsAppCloudBackend``: the WhatsApp Business
  Cloud API (``/<version>/<phone-number-id>/messages``, ``type: template``).

Nothing here sends directly from a request: ``kernel.messaging.delivery`` records a
``kernel.Message`` row in the caller's transaction and a task sends it after commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

from kernel.messaging.templates import get_template

SMS = "sms"
WHATSAPP = "whatsapp"
CHANNELS = (SMS, WHATSAPP)


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to one mobile number (E.164, "+919876543210")."""

    channel: str
    to: str
    template: str
    params: dict[str, str] = field(default_factory=dict)
    language: str = "en"

    @property
    def text(self) -> str:
        """The wording in the recipient's language, as the DLT template registers it."""
        return get_template(self.template).render(self.params, self.language)


#: What the locmem backend sent, oldest first (tests empty it between tests).
outbox: list[OutgoingMessage] = []


class DeliveryError(Exception):
    """The provider refused the message or could not be reached; the task retries."""


def get_backend(channel: str):
    path = {SMS: settings.SMS_BACKEND, WHATSAPP: settings.WHATSAPP_BACKEND}[channel]
    return import_string(path)()


def send(message: OutgoingMessage) -> str:
    """Send now through the channel's backend; returns the provider's message id."""
    return get_backend(message.channel).send(message)
