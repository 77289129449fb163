"""Payouts through RazorpayX, with the razorpay SDK's client (contacts, fund accounts,
payouts), when the gateway keys and ``RAZORPAYX_ACCOUNT_NUMBER`` are set.

``send_payout`` runs in a task after the run commits. Our reference is RazorpayX's
``reference_id`` and the ``X-Payout-Idempotency`` key, so a retried task never pays
twice; ``sync_payout`` reads the payout's final status back (processed or failed).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from payments import gateway
from payments.gateway import to_paise
from payments.models import Payout
from payments.payouts import set_status

#: RazorpayX statuses → ours. queued/pending/processing mean the bank has it.
STATUSES = {
    "processed": Payout.Status.PAID,
    "failed": Payout.Status.FAILED,
    "rejected": Payout.Status.FAILED,
    "reversed": Payout.Status.FAILED,
    "cancelled": Payout.Status.FAILED,
}


def _fund_account(sdk, payout: Payout) -> str:
    seller = payout.seller
    contact = gateway.call(
        sdk.post,
        "/v1/contacts",
        {
            "name": seller.account_holder_name or seller.display_name,
            "contact": seller.mobile,
            "type": "vendor",
            "reference_id": f"seller-{seller.pk}",
        },
    )
    account = gateway.call(
        sdk.fund_account.create,
        {
            "contact_id": contact["id"],
            "account_type": "bank_account",
            "bank_account": {
                "name": seller.account_holder_name or seller.display_name,
                "ifsc": seller.ifsc,
                "account_number": seller.bank_account_number,
            },
        },
    )
    return account["id"]


def send_payout(*, payout_id: int) -> str:
    """Create the payout at RazorpayX once; the payout becomes sent (or paid)."""
    payout = Payout.objects.select_related("seller").get(pk=payout_id)
    if payout.status != Payout.Status.PENDING or payout.gateway_payout_id:
        return "skipped"
    sdk = gateway.client()
    data = gateway.call(
        sdk.post,
        "/v1/payouts",
        {
            "account_number": settings.RAZORPAYX_ACCOUNT_NUMBER,
            "fund_account_id": _fund_account(sdk, payout),
            "amount": to_paise(payout.amount),
            "currency": "INR",
            "mode": "NEFT",
            "purpose": "payout",
            "queue_if_low_balance": True,
            "reference_id": payout.reference,
            "narration": "ODOP Market payout",
            "notes": {"payout_reference": payout.reference},
        },
        headers={"X-Payout-Idempotency": payout.reference},
    )
    with transaction.atomic():
        Payout.objects.filter(pk=payout.pk, gateway_payout_id="").update(
            gateway_payout_id=data["id"]
        )
        _apply(payout, data, first=True)
    return data.get("status", "")


def sync_payout(*, payout_id: int) -> str:
    """Read a sent payout's status from RazorpayX and apply it."""
    payout = Payout.objects.get(pk=payout_id)
    if not payout.gateway_payout_id or payout.status not in (
        Payout.Status.PENDING,
        Payout.Status.SENT,
    ):
        return "skipped"
    data = gateway.call(gateway.client().get, f"/v1/payouts/{payout.gateway_payout_id}", {})
    with transaction.atomic():
        _apply(payout, data)
    return data.get("status", "")


def _apply(payout: Payout, data: dict, first: bool = False) -> None:
    status = STATUSES.get(data.get("status", ""))
    if first and payout.status == Payout.Status.PENDING:
        set_status(payout=payout, status=Payout.Status.SENT)
        payout.refresh_from_db()
    if status is not None:
        set_status(
            payout=payout,
            status=status,
            utr=data.get("utr") or "",
            reason=(data.get("status_details") or {}).get("description") or "",
        )
