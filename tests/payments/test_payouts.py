"""Payout runs: never paying a row twice, the NEFT file, the bank's return, RazorpayX."""

import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connections
from django.urls import reverse

from payments import ledger, payouts, payouts_razorpayx
from payments.models import LedgerEntry, Payout, PayoutLine, PayoutRun
from tests.admin.conftest import make_staff, sign_in_with_code
from tests.factories import SellerFactory
from tests.payments.ledger_helpers import at, delivered_suborder, fixed_rates

K = LedgerEntry.Kind
#: 500 + 60 − 10% of 500 − 0.5% of 560 − 0.1% of 560 (rates of Nov 2026).
NET = Decimal("506.64")


@pytest.fixture(autouse=True)
def _rates(settings):
    fixed_rates(settings)


def _payable_sellers(count: int, parts: int = 2):
    sellers = [SellerFactory() for _ in range(count)]
    for seller in sellers:
        for _ in range(parts):
            delivered_suborder(seller, placed="2026-11-02", delivered="2026-11-05")
    return sellers


@pytest.mark.django_db(transaction=True)
def test_concurrent_payout_runs_never_pay_one_row_twice():
    sellers = _payable_sellers(6)
    ledger.accrue()
    barrier = threading.Barrier(3)
    errors = []

    def run() -> None:
        try:
            barrier.wait()
            payouts.run_payouts(now=at("2026-11-20"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert PayoutRun.objects.count() == 3
    for seller in sellers:
        paid = Payout.objects.filter(seller=seller)
        assert [p.amount for p in paid] == [NET * 2]  # one payout, the whole amount, once
        assert sum(e.amount for e in seller.ledger_entries.all()) == Decimal("0.00")
    sale_rows = LedgerEntry.objects.exclude(kind=K.PAYOUT).count()
    assert PayoutLine.objects.count() == sale_rows
    assert PayoutLine.objects.values("entry").distinct().count() == sale_rows


@pytest.mark.django_db
def test_a_row_already_paid_cannot_be_linked_to_a_second_payout():
    (seller,) = _payable_sellers(1, parts=1)
    run = payouts.run_payouts(now=at("2026-11-20"))
    line = PayoutLine.objects.first()
    other = Payout.objects.create(run=run, seller=seller, reference="X-1", amount=Decimal("1"))
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        PayoutLine.objects.create(payout=other, entry_id=line.entry_id)


def _staff(*extra: str):
    """Staff who may run payouts (signed in with a second factor), plus ``extra``."""
    user = make_staff()
    for perm in ("payments.view_payoutrun", "payments.run_payouts", *extra):
        app, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app, codename=codename)
        )
    return user


@pytest.mark.django_db
def test_neft_file_has_full_bank_numbers_only_for_staff_with_the_kyc_permission(client):
    (seller,) = _payable_sellers(1, parts=1)
    run = payouts.run_payouts(now=at("2026-11-20"))
    url = reverse("admin:payments_payoutrun_neft", args=[run.pk])

    sign_in_with_code(client, _staff())
    refused = client.get(url)
    assert refused.status_code == 403
    assert b"123456789012" not in refused.content

    sign_in_with_code(client, _staff("sellers.view_kyc"))
    response = client.get(url)
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "reference,beneficiary_name,ifsc,account_number,amount,narration"
    reference = run.payouts.get().reference
    assert lines[1].split(",")[:5] == [
        reference,
        seller.account_holder_name,
        "SBIN0001234",
        "123456789012",
        "506.64",
    ]


@pytest.mark.django_db
def test_the_banks_return_file_marks_payouts_paid_or_failed_and_tells_the_artisan(
    django_capture_on_commit_callbacks,
):
    paid_seller, failed_seller = _payable_sellers(2, parts=1)
    failed_seller.user.preferred_language = "hi"
    failed_seller.user.save()
    run = payouts.run_payouts(now=at("2026-11-20"))
    good = run.payouts.get(seller=paid_seller)
    bad = run.payouts.get(seller=failed_seller)
    csv_text = (
        "reference,status,utr,reason\n"
        f"{good.reference},paid,SBIN2611200001,\n"
        f"{bad.reference},failed,,Account closed\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = payouts.apply_bank_return(data=csv_text.encode())
    assert result.errors == [] and result.applied == 2
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.utr) == (Payout.Status.PAID, "SBIN2611200001")
    assert (bad.status, bad.failure_reason) == (Payout.Status.FAILED, "Account closed")
    # The failed amount is back on the artisan's balance, payable in the next run.
    assert sum(e.amount for e in failed_seller.ledger_entries.all()) == NET
    subjects = sorted(m.subject for m in mail.outbox)
    assert "Your payout of ₹506.64 is paid" in subjects
    assert any("₹506.64" in s and "भुगतान" in s for s in subjects), subjects
    again = payouts.run_payouts()
    assert [p.amount for p in again.payouts.all()] == [NET]


@pytest.mark.django_db
def test_a_bad_line_in_the_banks_return_file_applies_nothing():
    sellers = _payable_sellers(2, parts=1)
    run = payouts.run_payouts(now=at("2026-11-20"))
    first = run.payouts.get(seller=sellers[0])
    csv_text = (
        "reference,status,utr\n"
        f"{first.reference},paid,UTR1\n"
        "NOT-A-REFERENCE,paid,UTR2\n"
        f"{run.payouts.get(seller=sellers[1]).reference},maybe,UTR3\n"
    )
    result = payouts.apply_bank_return(data=csv_text)
    assert result.applied == 0
    assert result.errors == [
        "Line 3: no payout has the reference “NOT-A-REFERENCE”.",
        "Line 4: the status “maybe” is not paid or failed.",
    ]
    assert set(run.payouts.values_list("status", flat=True)) == {Payout.Status.PENDING}
    assert payouts.apply_bank_return(data=b"who,what\n1,2\n").errors == [
        "The file needs the columns reference and status."
    ]


@pytest.mark.django_db
def test_admin_bank_return_upload_reports_bad_lines_without_a_500(client):
    _payable_sellers(1, parts=1)
    payouts.run_payouts(now=at("2026-11-20"))
    sign_in_with_code(client, _staff())
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("return.csv", b"reference,status\nNOPE,paid\n", "text/csv")
    response = client.post(
        reverse("admin:payments_payoutrun_return"), {"file": upload}, follow=True
    )
    assert response.status_code == 200
    assert "no payout has the reference" in response.content.decode()
    assert not Payout.objects.exclude(status=Payout.Status.PENDING).exists()


@pytest.mark.django_db
def test_razorpayx_payouts_through_the_sdk_against_the_standin(
    standin, settings, django_capture_on_commit_callbacks
):
    settings.RAZORPAYX_ACCOUNT_NUMBER = "7878780080316316"
    paid_seller, failed_seller = _payable_sellers(2, parts=1)
    with django_capture_on_commit_callbacks(execute=True):
        run = payouts.run_payouts(now=at("2026-11-20"))
    assert run.method == PayoutRun.Method.RAZORPAYX
    good = run.payouts.get(seller=paid_seller)
    bad = run.payouts.get(seller=failed_seller)
    for payout in (good, bad):
        payout.refresh_from_db()
        assert payout.status == Payout.Status.SENT
        sent = standin.payouts[payout.gateway_payout_id]
        assert (sent["amount"], sent["reference_id"], sent["mode"]) == (
            50664,
            payout.reference,
            "NEFT",
        )
        account = standin.fund_accounts[sent["fund_account_id"]]
        assert account["bank_account"]["account_number"] == "123456789012"
    # A retried task does not pay twice (status check, then RazorpayX's idempotency key).
    assert payouts_razorpayx.send_payout(payout_id=good.pk) == "skipped"
    assert len(standin.payouts) == 2

    standin.settle_payout(good.gateway_payout_id, succeed=True)
    standin.settle_payout(bad.gateway_payout_id, succeed=False)
    with django_capture_on_commit_callbacks(execute=True):
        from payments.tasks import sync_razorpayx_payouts

        assert sync_razorpayx_payouts() == 2
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == Payout.Status.PAID and good.utr.startswith("UTR")
    assert bad.status == Payout.Status.FAILED
    assert bad.failure_reason == "The beneficiary bank rejected the transfer."
    assert sum(e.amount for e in failed_seller.ledger_entries.all()) == NET
    assert {m.subject for m in mail.outbox} >= {
        "Your payout of ₹506.64 is on its way",
        "Your payout of ₹506.64 is paid",
        "Your payout of ₹506.64 could not be paid",
    }


@pytest.mark.django_db(transaction=True)
def test_an_artisan_with_a_mobile_hears_of_the_payout_by_sms_in_their_language(
    django_capture_on_commit_callbacks,
):
    from kernel import messaging

    (seller,) = _payable_sellers(1, parts=1)
    seller.user.phone, seller.user.preferred_language = "+919812345678", "hi"
    seller.user.save()
    payout = payouts.run_payouts(now=at("2026-11-20")).payouts.get()
    messaging.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        payouts.apply_bank_return(
            data=f"reference,status,utr,reason\n{payout.reference},paid,SBIN1,\n".encode()
        )
    (sms,) = messaging.outbox
    assert (sms.to, sms.channel, sms.template, sms.language) == (
        "+919812345678", "sms", "payout_paid", "hi",
    )  # fmt: skip
    assert "₹506.64" in sms.text and payout.reference in sms.text
    assert "/hi/sell/earnings/" in sms.params["url"]
    assert not [m for m in mail.outbox if m.to == [seller.user.email]]
