"""Test backend for worker processes: one JSON file per message in MESSAGING_FILE_PATH."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.conf import settings


class FileBackend:
    def send(self, message) -> str:
        provider_id = f"file-{uuid.uuid4().hex[:12]}"
        folder = Path(settings.MESSAGING_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        record = {
            "id": provider_id,
            "channel": message.channel,
            "to": message.to,
            "template": message.template,
            "params": message.params,
            "language": message.language,
            "text": message.text,
        }
        path = folder / f"{provider_id}.json"
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        return provider_id
