"""Test backend: messages are kept in ``kernel.messaging.outbox``."""

from __future__ import annotations

import uuid


class LocmemBackend:
    def send(self, message) -> str:
        from kernel import messaging

        messaging.outbox.append(message)
        return f"locmem-{uuid.uuid4().hex[:12]}"
