"""A local stand-in for Razorpay: the REST subset we use, a hosted checkout, webhooks.

Tests start it on a free loopback port and point the real SDK at it (``base_url``);
``manage.py run_gateway_standin`` runs it for development (test gateway mode). Nothing
leaves the machine. It speaks Razorpay's shapes (as in razorpay-python's tests/mocks):

- ``POST /v1/orders``, ``GET /v1/orders`` (``receipt``, from/to/count/skip),
  ``GET /v1/orders/<id>``, ``GET /v1/orders/<id>/payments``
- ``GET /v1/payments`` (from/to/count/skip), ``GET /v1/payments/<id>``,
  ``POST /v1/payments/<id>/refund``, ``GET /v1/payments/<id>/refunds``
- ``GET /v1/refunds`` (from/to/count/skip), ``GET /v1/refunds/<id>``
- RazorpayX: ``POST /v1/contacts``, ``POST /v1/fund_accounts``, ``POST /v1/payouts``
  (honouring ``X-Payout-Idempotency``), ``GET /v1/payouts/<id>``; a payout stays
  ``processing`` until ``settle_payout`` makes it processed (with a UTR) or failed
- ``POST /v1/checkout/embedded``: the hosted checkout page (UPI, card, netbanking;
  pay or fail), which sends the buyer back to ``callback_url`` with
  ``razorpay_payment_id``, ``razorpay_order_id`` and ``razorpay_signature``
  (HMAC-SHA256 of ``order_id|payment_id`` with the key secret), as Razorpay does.

Webhooks are JSON events signed with HMAC-SHA256 of the raw body with the webhook
secret (``X-Razorpay-Signature``) and carry ``X-Razorpay-Event-Id``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
import string
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

ALPHABET = string.ascii_letters + string.digits
METHODS = {"upi": "UPI", "card": "Card", "netbanking": "Netbanking", "wallet": "Wallet"}


def new_id(prefix: str) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(14))


def sign(secret: str, message: str | bytes) -> str:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


class ApiError(Exception):
    def __init__(self, status: int, description: str, code: str = "BAD_REQUEST_ERROR"):
        super().__init__(description)
        self.status, self.code, self.description = status, code, description


class StandInGateway:
    """The gateway's state and behaviour; ``start()`` serves it over HTTP."""

    def __init__(
        self,
        *,
        key_id: str,
        key_secret: str,
        webhook_secret: str,
        webhook_url: str = "",
        auto_webhooks: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.key_id, self.key_secret, self.webhook_secret = key_id, key_secret, webhook_secret
        self.webhook_url = webhook_url
        #: Send payment and refund webhooks by themselves (dev mode, browser journeys).
        self.auto_webhooks = auto_webhooks
        #: Refunds are processed at once (status "processed" in the webhook) unless False.
        self.refunds_succeed = True
        self.orders: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.contacts: dict[str, dict] = {}
        self.fund_accounts: dict[str, dict] = {}
        self.payouts: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.delivered: list[tuple[str, int]] = []
        self.lock = threading.RLock()
        self.server = ThreadingHTTPServer((host, port), _handler_for(self))
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self._senders: list[threading.Thread] = []

    # --- lifecycle -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> StandInGateway:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.wait_for_webhooks()
        self.server.shutdown()
        self.server.server_close()

    def wait_for_webhooks(self, timeout: float = 10.0) -> None:
        for sender in list(self._senders):
            sender.join(timeout)

    # --- the REST API ----------------------------------------------------------------

    def create_order(self, data: dict) -> dict:
        amount, currency = data.get("amount"), data.get("currency", "INR")
        if not isinstance(amount, int) or amount < 100:
            raise ApiError(400, "The amount must be at least INR 1.00.")
        if currency != "INR":
            raise ApiError(400, "Currency is not supported")
        order = {
            "id": new_id("order_"),
            "entity": "order",
            "amount": amount,
            "amount_paid": 0,
            "amount_due": amount,
            "currency": currency,
            "receipt": str(data.get("receipt", ""))[:40] or None,
            "offer_id": None,
            "status": "created",
            "attempts": 0,
            "notes": data.get("notes") or [],
            "created_at": int(time.time()),
        }
        with self.lock:
            self.orders[order["id"]] = order
        return order

    def refund(self, payment_id: str, data: dict) -> dict:
        with self.lock:
            payment = self._get(self.payments, payment_id, "payment")
            amount = data.get("amount", payment["amount"] - payment["amount_refunded"])
            if payment["status"] not in ("captured", "refunded"):
                raise ApiError(400, "The payment has not been captured yet.")
            if not isinstance(amount, int) or amount <= 0:
                raise ApiError(400, "The amount must be a positive integer.")
            if amount > payment["amount"] - payment["amount_refunded"]:
                raise ApiError(400, "The refund amount provided is greater than amount captured")
            refund = {
                "id": new_id("rfnd_"),
                "entity": "refund",
                "amount": amount,
                "currency": payment["currency"],
                "payment_id": payment_id,
                "notes": data.get("notes") or [],
                "receipt": data.get("receipt"),
                "acquirer_data": {"arn": None},
                "created_at": int(time.time()),
                "batch_id": None,
                "status": "pending",
                "speed_processed": "normal",
                "speed_requested": data.get("speed", "normal"),
            }
            self.refunds[refund["id"]] = refund
            payment["amount_refunded"] += amount
            payment["refund_status"] = (
                "full" if payment["amount_refunded"] == payment["amount"] else "partial"
            )
            if payment["refund_status"] == "full":
                payment["status"] = "refunded"
        if self.auto_webhooks:
            self.settle_refund(refund["id"], background=True)
        return refund

    def settle_refund(self, refund_id: str, *, succeed: bool | None = None, background=False):
        """Finish a pending refund and send refund.processed (or refund.failed)."""
        ok = self.refunds_succeed if succeed is None else succeed
        with self.lock:
            refund = self.refunds[refund_id]
            refund["status"] = "processed" if ok else "failed"
            if not ok:
                payment = self.payments[refund["payment_id"]]
                payment["amount_refunded"] -= refund["amount"]
                refund["error_description"] = "The bank declined the refund."
            entity = dict(refund)
        event = "refund.processed" if ok else "refund.failed"
        return self.send_webhook(
            event, refund=entity, payment=self.payments[refund["payment_id"]], background=background
        )

    # --- RazorpayX ------------------------------------------------------------------

    def create_contact(self, data: dict) -> dict:
        if not data.get("name"):
            raise ApiError(400, "The name field is required.")
        with self.lock:
            for contact in self.contacts.values():  # RazorpayX returns the same contact
                if (contact["name"], contact["reference_id"]) == (
                    data["name"],
                    data.get("reference_id"),
                ):
                    return contact
            contact = {
                "id": new_id("cont_"),
                "entity": "contact",
                "name": data["name"],
                "contact": data.get("contact"),
                "email": data.get("email"),
                "type": data.get("type"),
                "reference_id": data.get("reference_id"),
                "batch_id": None,
                "active": True,
                "notes": data.get("notes") or [],
                "created_at": int(time.time()),
            }
            self.contacts[contact["id"]] = contact
        return contact

    def create_fund_account(self, data: dict) -> dict:
        bank = data.get("bank_account") or {}
        if data.get("contact_id") not in self.contacts:
            raise ApiError(400, "The contact id provided does not exist")
        if data.get("account_type") != "bank_account":
            raise ApiError(400, "The account type is invalid.")
        if not bank.get("ifsc") or not bank.get("account_number") or not bank.get("name"):
            raise ApiError(400, "The ifsc, name and account_number fields are required.")
        account = {
            "id": new_id("fa_"),
            "entity": "fund_account",
            "contact_id": data["contact_id"],
            "account_type": "bank_account",
            "bank_account": {
                "ifsc": bank["ifsc"],
                "bank_name": "Stand-in Bank",
                "name": bank["name"],
                "notes": [],
                "account_number": bank["account_number"],
            },
            "batch_id": None,
            "active": True,
            "created_at": int(time.time()),
        }
        with self.lock:
            self.fund_accounts[account["id"]] = account
        return account

    def create_payout(self, data: dict, idempotency_key: str) -> dict:
        amount = data.get("amount")
        if not isinstance(amount, int) or amount < 100:
            raise ApiError(400, "The amount must be at least INR 1.00.")
        if data.get("fund_account_id") not in self.fund_accounts:
            raise ApiError(400, "The fund account id provided does not exist")
        if not data.get("account_number"):
            raise ApiError(400, "The account number field is required.")
        with self.lock:
            for payout in self.payouts.values():
                if idempotency_key and payout["_idempotency"] == idempotency_key:
                    return payout
            payout = {
                "id": new_id("pout_"),
                "entity": "payout",
                "fund_account_id": data["fund_account_id"],
                "amount": amount,
                "currency": data.get("currency", "INR"),
                "notes": data.get("notes") or [],
                "fees": 0,
                "tax": 0,
                "status": "processing",
                "purpose": data.get("purpose"),
                "utr": None,
                "mode": data.get("mode"),
                "reference_id": data.get("reference_id"),
                "narration": data.get("narration"),
                "batch_id": None,
                "status_details": None,
                "created_at": int(time.time()),
                "_idempotency": idempotency_key,
            }
            self.payouts[payout["id"]] = payout
        return payout

    def settle_payout(self, payout_id: str, *, succeed: bool = True) -> dict:
        with self.lock:
            payout = self.payouts[payout_id]
            if succeed:
                payout["status"] = "processed"
                payout["utr"] = "UTR" + payout_id[-10:].upper()
            else:
                payout["status"] = "reversed"
                payout["status_details"] = {
                    "reason": "beneficiary_bank_rejected",
                    "description": "The beneficiary bank rejected the transfer.",
                    "source": "beneficiary_bank",
                }
            return payout

    def collection(self, items: list[dict], query: dict) -> dict:
        start = int(query.get("from", 0) or 0)
        end = int(query.get("to", 0) or 0) or 2**40
        count = min(int(query.get("count", 10) or 10), 100)
        skip = int(query.get("skip", 0) or 0)
        chosen = [i for i in items if start <= i["created_at"] <= end]
        if "receipt" in query:
            chosen = [i for i in chosen if i.get("receipt") == query["receipt"]]
        chosen.sort(key=lambda i: i["created_at"], reverse=True)
        page = chosen[skip : skip + count]
        return {"entity": "collection", "count": len(page), "items": page}

    @staticmethod
    def _get(table: dict, key: str, name: str) -> dict:
        if key not in table:
            raise ApiError(400, f"The id provided does not exist ({name})")
        return table[key]

    # --- paying (the hosted page, and tests that skip the browser) ---------------------

    def pay(
        self,
        order_id: str,
        *,
        method: str = "upi",
        succeed: bool = True,
        amount: int | None = None,
        currency: str = "INR",
        created_at: int | None = None,
        webhooks: bool | None = None,
    ) -> tuple[dict, dict]:
        """A buyer pays (or fails to pay) an order: the payment, and the return params.

        ``amount`` other than the order's plants a mismatch. Webhooks (payment.captured
        and order.paid, or payment.failed) go out when ``webhooks`` (default:
        ``auto_webhooks``) is true.
        """
        with self.lock:
            order = self._get(self.orders, order_id, "order")
            payment = {
                "id": new_id("pay_"),
                "entity": "payment",
                "amount": order["amount"] if amount is None else amount,
                "currency": currency,
                "status": "captured" if succeed else "failed",
                "order_id": order_id,
                "invoice_id": None,
                "international": False,
                "method": method,
                "amount_refunded": 0,
                "refund_status": None,
                "captured": succeed,
                "description": order.get("receipt"),
                "card_id": new_id("card_") if method == "card" else None,
                "bank": "SBIN" if method == "netbanking" else None,
                "wallet": "paytm" if method == "wallet" else None,
                "vpa": "buyer@okstandin" if method == "upi" else None,
                "email": "buyer@example.com",
                "contact": "+919999999999",
                "notes": [],
                "fee": 0,
                "tax": 0,
                "error_code": None if succeed else "BAD_REQUEST_ERROR",
                "error_description": None if succeed else "Payment was declined by the bank.",
                "error_source": None if succeed else "bank",
                "error_step": None if succeed else "payment_authorization",
                "error_reason": None if succeed else "payment_declined",
                "acquirer_data": {},
                "created_at": created_at or int(time.time()),
            }
            self.payments[payment["id"]] = payment
            order["attempts"] += 1
            order["status"] = "attempted"
            if succeed:
                order["amount_paid"] += payment["amount"]
                order["amount_due"] = max(0, order["amount"] - order["amount_paid"])
                order["status"] = "paid"
        if self.auto_webhooks if webhooks is None else webhooks:
            if succeed:
                self.send_webhook("payment.captured", payment=payment, background=True)
                self.send_webhook("order.paid", payment=payment, order=order, background=True)
            else:
                self.send_webhook("payment.failed", payment=payment, background=True)
        if succeed:
            params = {
                "razorpay_payment_id": payment["id"],
                "razorpay_order_id": order_id,
                "razorpay_signature": sign(self.key_secret, f"{order_id}|{payment['id']}"),
            }
        else:
            params = {
                "error[code]": payment["error_code"],
                "error[description]": payment["error_description"],
                "error[source]": "bank",
                "error[step]": "payment_authorization",
                "error[reason]": "payment_declined",
                "error[metadata]": json.dumps({"payment_id": payment["id"], "order_id": order_id}),
            }
        return payment, params

    # --- webhooks ----------------------------------------------------------------------

    def event(self, event: str, **entities: dict) -> tuple[bytes, dict[str, str]]:
        """A signed webhook: the raw body and its headers, as Razorpay sends them."""
        body = json.dumps(
            {
                "entity": "event",
                "account_id": "acc_StandIn0000001",
                "event": event,
                "contains": list(entities),
                "payload": {name: {"entity": dict(e)} for name, e in entities.items()},
                "created_at": int(time.time()),
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Razorpay-Signature": sign(self.webhook_secret, body),
            "X-Razorpay-Event-Id": new_id("evt_"),
        }
        return body, headers

    def send_webhook(self, event: str, *, background: bool = False, **entities: dict):
        body, headers = self.event(event, **entities)
        if not self.webhook_url:
            return body, headers
        if background:
            sender = threading.Thread(target=self._post, args=(event, body, headers), daemon=True)
            self._senders.append(sender)
            sender.start()
        else:
            self._post(event, body, headers)
        return body, headers

    def _post(self, event: str, body: bytes, headers: dict[str, str]) -> None:
        request = urllib.request.Request(
            self.webhook_url, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                self.delivered.append((event, response.status))
        except Exception as exc:  # the real gateway retries; the stand-in just records it
            self.delivered.append((event, getattr(exc, "code", 0)))

    # --- the hosted checkout page ------------------------------------------------------

    def checkout_page(self, form: dict[str, str]) -> str:
        order = self.orders.get(form.get("order_id", ""))
        if form.get("key_id") != self.key_id or order is None:
            raise ApiError(400, "Invalid key or order")
        amount = f"{order['amount'] / 100:,.2f}"
        hidden = "".join(
            f'<input type="hidden" name="{k}" value="{html.escape(form.get(k, ""))}">'
            for k in ("order_id", "callback_url", "cancel_url")
        )
        methods = "".join(
            f'<label><input type="radio" name="method" value="{code}"'
            f"{' checked' if code == 'upi' else ''}> {label}</label><br>"
            for code, label in METHODS.items()
        )
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Razorpay stand-in checkout</title></head><body>
<main><h1>Razorpay stand-in</h1>
<p>{html.escape(form.get("name", ""))}: {html.escape(form.get("description", ""))}</p>
<p>Amount: <strong>INR {amount}</strong></p>
<form method="post" action="/v1/checkout/standin/complete">{hidden}
<fieldset><legend>Pay with</legend>{methods}</fieldset>
<button type="submit" name="outcome" value="pay">Pay INR {amount}</button>
<button type="submit" name="outcome" value="fail">Fail this payment</button>
</form></main></body></html>"""

    def complete(self, form: dict[str, str]) -> str:
        """The buyer pressed pay or fail: the URL the browser goes back to."""
        method = form.get("method", "upi")
        if method not in METHODS:
            method = "upi"
        _payment, params = self.pay(
            form.get("order_id", ""), method=method, succeed=form.get("outcome") == "pay"
        )
        callback = form.get("callback_url", "")
        return f"{callback}{'&' if '?' in callback else '?'}{urlencode(params)}"


def _handler_for(gateway: StandInGateway):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: tests read gateway.requests
            pass

        def _send(self, status: int, body: bytes, content_type: str, extra=None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, data: dict) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def _body(self) -> bytes:
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _authorised(self) -> bool:
            expected = base64.b64encode(f"{gateway.key_id}:{gateway.key_secret}".encode()).decode()
            return hmac.compare_digest(self.headers.get("Authorization", ""), f"Basic {expected}")

        def do_GET(self) -> None:
            self._dispatch("GET")

        def do_POST(self) -> None:
            self._dispatch("POST")

        def _dispatch(self, verb: str) -> None:
            url = urlsplit(self.path)
            parts = [p for p in url.path.split("/") if p]
            gateway.requests.append((verb, url.path))
            raw = self._body() if verb == "POST" else b""
            try:
                if parts[:2] == ["v1", "checkout"]:
                    form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                    if parts[2:] == ["embedded"]:
                        page = gateway.checkout_page(form).encode()
                        return self._send(200, page, "text/html; charset=utf-8")
                    if parts[2:] == ["standin", "complete"]:
                        location = gateway.complete(form)
                        return self._send(303, b"", "text/plain", {"Location": location})
                    raise ApiError(404, "Not found")
                if not self._authorised():
                    raise ApiError(401, "The api key provided is invalid")
                data = json.loads(raw or b"{}") if verb == "POST" else {}
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if parts[1:] == ["payouts"] and verb == "POST":
                    key = self.headers.get("X-Payout-Idempotency", "")
                    payout = gateway.create_payout(data, key)
                    return self._json(
                        200, {k: v for k, v in payout.items() if not k.startswith("_")}
                    )
                self._json(200, self._api(verb, parts[1:], data, query))
            except ApiError as exc:
                self._json(
                    exc.status, {"error": {"code": exc.code, "description": exc.description}}
                )
            except (ValueError, IndexError, KeyError):
                self._json(
                    400, {"error": {"code": "BAD_REQUEST_ERROR", "description": "Bad request"}}
                )

        def _api(self, verb: str, parts: list[str], data: dict, query: dict) -> dict:
            g = gateway
            match verb, parts:
                case "POST", ["orders"]:
                    return g.create_order(data)
                case "GET", ["orders"]:
                    return g.collection(list(g.orders.values()), query)
                case "GET", ["orders", order_id]:
                    return g._get(g.orders, order_id, "order")
                case "GET", ["orders", order_id, "payments"]:
                    items = [p for p in g.payments.values() if p["order_id"] == order_id]
                    return g.collection(items, query)
                case "GET", ["payments"]:
                    return g.collection(list(g.payments.values()), query)
                case "GET", ["payments", payment_id]:
                    return g._get(g.payments, payment_id, "payment")
                case "POST", ["payments", payment_id, "refund"]:
                    return g.refund(payment_id, data)
                case "GET", ["payments", payment_id, "refunds"]:
                    items = [r for r in g.refunds.values() if r["payment_id"] == payment_id]
                    return g.collection(items, query)
                case "GET", ["refunds"]:
                    return g.collection(list(g.refunds.values()), query)
                case "GET", ["refunds", refund_id]:
                    return g._get(g.refunds, refund_id, "refund")
                case "POST", ["contacts"]:
                    return g.create_contact(data)
                case "POST", ["fund_accounts"]:
                    return g.create_fund_account(data)
                case "GET", ["payouts", payout_id]:
                    payout = g._get(g.payouts, payout_id, "payout")
                    return {k: v for k, v in payout.items() if not k.startswith("_")}
            raise ApiError(404, "The requested URL was not found on the server.")

    return Handler
