"""Local stand-ins for the SMS and WhatsApp providers, for tests and development.

Like payments/standin.py for Razorpay: real HTTP on a loopback port, speaking the subset
of each provider's documented API that kernel.messaging's backends use, so the backends
run unchanged against them.

- ``StandInGupshup``: ``POST /GatewayAPI/rest`` (form fields as Gupshup's Enterprise SMS
  API: method=SendMessage, send_to, msg, msg_type, userid, password, auth_scheme, v,
  format=json, mask, principalEntityId, dltTemplateId). It checks the credentials, the
  sender id and that a DLT template id and entity id came with the message, and answers
  ``{"response": {"id", "phone", "details", "status"}}``. ``delivery_report(id)`` gives
  the query string Gupshup calls the delivery-report URL with.
- ``StandInWhatsApp``: ``POST /<version>/<phone-number-id>/messages`` with a Bearer token
  and a ``type: template`` body; answers ``{"messaging_product", "contacts", "messages":
  [{"id": "wamid.…"}]}`` or a Graph API error. ``status_event(wamid, status)`` builds the
  signed webhook body Meta would post.

Each keeps what it received in ``requests`` (parsed), for tests to read.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit


class _StandIn:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_next = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() it first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def handle(self, method: str, path: str, headers, body: bytes) -> tuple[int, dict]:
        raise NotImplementedError

    def start(self, port: int = 0) -> _StandIn:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def _respond(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                status, payload = standin.handle(method, self.path, self.headers, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                self._respond("POST")

            def do_GET(self) -> None:
                self._respond("GET")

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class StandInGupshup(_StandIn):
    def __init__(self, *, userid: str, password: str, sender_id: str, entity_id: str) -> None:
        super().__init__()
        self.userid, self.password = userid, password
        self.sender_id, self.entity_id = sender_id, entity_id

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/GatewayAPI/rest"

    def handle(self, method, path, headers, body):
        if urlsplit(path).path != "/GatewayAPI/rest":
            return 404, {"response": {"status": "error", "id": "404", "details": "Not found"}}
        query = parse_qs(urlsplit(path).query)
        form = parse_qs(body.decode()) if method == "POST" else {}
        fields = {k: v[0] for k, v in {**query, **form}.items()}
        self.requests.append(fields)

        def error(code: str, details: str):
            return 200, {"response": {"id": code, "phone": "", "details": details,
                                      "status": "error"}}  # fmt: skip

        if self.fail_next:
            self.fail_next -= 1
            return 503, {"response": {"status": "error", "id": "503", "details": "Busy"}}
        if (fields.get("userid"), fields.get("password")) != (self.userid, self.password):
            return error("101", "Authentication failed")
        if fields.get("method", "").lower() != "sendmessage":
            return error("102", "Unknown method")
        if fields.get("mask") != self.sender_id:
            return error("175", "The sender id is not registered")
        if fields.get("principalEntityId") != self.entity_id or not fields.get("dltTemplateId"):
            return error("180", "DLT entity id and template id are required")
        phone = fields.get("send_to", "")
        if not (phone.isdigit() and len(phone) == 12 and phone.startswith("91")):
            return error("105", "The phone number is not valid")
        message_id = f"{int(time.time() * 1000)}{secrets.randbelow(10**6):06d}"
        fields["_id"] = message_id
        return 200, {"response": {"id": message_id, "phone": phone, "details": "",
                                  "status": "success"}}  # fmt: skip

    @staticmethod
    def delivery_report(message_id: str, *, status: str = "SUCCESS", phone: str = "") -> str:
        """The query string Gupshup sends to the delivery-report URL."""
        return urlencode(
            {
                "externalId": message_id,
                "deliveredTS": str(int(time.time() * 1000)),
                "status": status,
                "phoneNo": phone,
                "cause": "SUCCESS" if status == "SUCCESS" else "ABSENT_SUBSCRIBER",
            }
        )


class StandInWhatsApp(_StandIn):
    def __init__(self, *, phone_number_id: str, access_token: str, templates: set[str]) -> None:
        super().__init__()
        self.phone_number_id, self.access_token = phone_number_id, access_token
        self.templates = templates

    def handle(self, method, path, headers, body):
        parts = urlsplit(path).path.strip("/").split("/")

        def error(status: int, code: int, message: str):
            return status, {"error": {"message": message, "type": "OAuthException",
                                      "code": code, "fbtrace_id": "standin"}}  # fmt: skip

        if method != "POST" or len(parts) != 3 or parts[2] != "messages":
            return error(404, 100, "Unknown path")
        if parts[1] != self.phone_number_id:
            return error(400, 100, "Unsupported post request: unknown phone number id")
        if headers.get("Authorization") != f"Bearer {self.access_token}":
            return error(401, 190, "Invalid OAuth access token")
        try:
            payload = json.loads(body)
        except ValueError:
            return error(400, 100, "Invalid JSON")
        self.requests.append({"version": parts[0], **payload})
        if self.fail_next:
            self.fail_next -= 1
            return error(503, 2, "Service temporarily unavailable")
        template = payload.get("template", {})
        if payload.get("type") != "template" or template.get("name") not in self.templates:
            return error(404, 132001, "Template name does not exist in the translation")
        if template.get("language", {}).get("code") not in ("en", "hi"):
            return error(404, 132001, "Template does not exist in this language")
        wamid = "wamid." + secrets.token_urlsafe(24)
        self.requests[-1]["_id"] = wamid
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload.get("to"), "wa_id": payload.get("to")}],
            "messages": [{"id": wamid}],
        }

    def status_event(self, wamid: str, status: str, *, app_secret: str) -> tuple[bytes, dict]:
        """The body and headers of the webhook call Meta makes when a message's status moves."""
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"phone_number_id": self.phone_number_id},
            "statuses": [
                {
                    "id": wamid,
                    "status": status,
                    "timestamp": str(int(time.time())),
                    "recipient_id": "919876543210",
                    **(
                        {"errors": [{"code": 131026, "title": "Message undeliverable"}]}
                        if status == "failed"
                        else {}
                    ),  # fmt: skip
                }
            ],
        }
        body = json.dumps(
            {"object": "whatsapp_business_account",
             "entry": [{"id": "standin-waba", "changes": [{"field": "messages", "value": value}]}]}
        ).encode()  # fmt: skip
        signature = "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
        return body, {"HTTP_X_HUB_SIGNATURE_256": signature}
