"""Development backend: the message is printed (and logged), nothing is sent."""

from __future__ import annotations

import logging
import sys
import uuid

logger = logging.getLogger("kernel.messaging")


class ConsoleBackend:
    def send(self, message) -> str:
        provider_id = f"console-{uuid.uuid4().hex[:12]}"
        line = f"[{message.channel} to {message.to}, {message.language}] {message.text}"
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
        logger.info("%s", line)
        return provider_id
