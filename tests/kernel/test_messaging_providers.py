"""The SMS (Gupshup) and WhatsApp (Cloud API) backends against local stand-ins over real
HTTP, and the delivery reports that move a message's status."""

from __future__ import annotations

import pytest

from kernel import messaging
from kernel.messaging.delivery import queue_message
from kernel.messaging.standin import StandInGupshup, StandInWhatsApp
from kernel.models import Message

pytestmark = pytest.mark.django_db

SMS_TOKEN = "dlr-token-for-tests"
APP_SECRET = "whatsapp-app-secret-for-tests"


@pytest.fixture
def gupshup(settings):
    standin = StandInGupshup(
        userid="2000123456", password="pw-standin", sender_id="ODOPUP", entity_id="1101234560000"
    ).start()
    settings.SMS_BACKEND = "kernel.messaging.backends.sms_http.GupshupSmsBackend"
    settings.SMS_API_URL = standin.api_url
    settings.SMS_USERID, settings.SMS_PASSWORD = "2000123456", "pw-standin"
    settings.SMS_SENDER_ID, settings.SMS_DLT_ENTITY_ID = "ODOPUP", "1101234560000"
    settings.SMS_DLR_TOKEN = SMS_TOKEN
    settings.SMS_DLT_TEMPLATE_IDS = {
        **settings.SMS_DLT_TEMPLATE_IDS,
        "shipped": {"en": "1107170000000000001", "hi": "1107170000000000002"},
    }
    yield standin
    standin.stop()


@pytest.fixture
def whatsapp(settings):
    standin = StandInWhatsApp(
        phone_number_id="106540352242922",
        access_token="EAAG-standin",
        templates={"odop_order_confirmation", "odop_shipped"},
    ).start()
    settings.WHATSAPP_BACKEND = "kernel.messaging.backends.whatsapp_cloud.WhatsAppCloudBackend"
    settings.WHATSAPP_API_URL = standin.base_url
    settings.WHATSAPP_API_VERSION = "v21.0"
    settings.WHATSAPP_PHONE_NUMBER_ID = "106540352242922"
    settings.WHATSAPP_ACCESS_TOKEN = "EAAG-standin"
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = "verify-me"
    yield standin
    standin.stop()


def queue_and_send(django_capture_on_commit_callbacks, **fields) -> Message:
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(**fields)
    message.refresh_from_db()
    return message


def test_sms_goes_with_the_dlt_template_id_sender_and_hindi_text(
    gupshup, django_capture_on_commit_callbacks
):
    message = queue_and_send(
        django_capture_on_commit_callbacks,
        channel="sms",
        to="+919876543210",
        template="shipped",
        params={
            "number": "OD-2026-000042",
            "url": "https://odop.example/hi/orders/OD-2026-000042/",
        },
        language="hi",
        dedupe_key="test:shipped:1",
    )

    [sent] = gupshup.requests
    assert sent["send_to"] == "919876543210"
    assert sent["dltTemplateId"] == "1107170000000000002"  # the Hindi template's id
    assert sent["principalEntityId"] == "1101234560000"
    assert sent["mask"] == "ODOPUP"
    assert sent["msg_type"] == "Unicode_text"
    assert sent["msg"] == (
        "ODOP मार्केट: आपका ऑर्डर OD-2026-000042 रास्ते में है। "
        "यहाँ देखें: https://odop.example/hi/orders/OD-2026-000042/"
    )
    assert message.status == "sent" and message.provider_id == sent["_id"]


def test_an_english_sms_uses_the_english_template(gupshup, django_capture_on_commit_callbacks):
    queue_and_send(
        django_capture_on_commit_callbacks,
        channel="sms",
        to="+919876543210",
        template="shipped",
        params={"number": "OD-1", "url": "https://odop.example/orders/OD-1/"},
        language="en",
        dedupe_key="test:shipped:en",
    )
    [sent] = gupshup.requests
    assert sent["dltTemplateId"] == "1107170000000000001"
    assert sent["msg_type"] == "TEXT"
    assert sent["msg"].startswith("ODOP Market: your order OD-1 is on its way.")


def test_a_refused_sms_stays_pending_for_the_retry(gupshup, settings):
    from kernel.messaging.delivery import send_claimed

    settings.SMS_SENDER_ID = "WRONG1"
    message = Message.objects.create(
        channel="sms", to="+919876543210", template="shipped", dedupe_key="x",
        params={"number": "OD-1", "url": "u"},
    )  # fmt: skip
    with pytest.raises(messaging.DeliveryError, match="sender id"):
        send_claimed(message.pk)

    message.refresh_from_db()
    assert message.status == "pending" and message.attempts == 1
    assert "sender id" in message.last_error
    settings.SMS_SENDER_ID = "ODOPUP"
    assert send_claimed(message.pk) is True
    assert send_claimed(message.pk) is False  # sent once only
    assert len(gupshup.requests) == 2


def test_an_sms_delivery_report_marks_the_message_delivered(
    client, gupshup, django_capture_on_commit_callbacks
):
    message = queue_and_send(
        django_capture_on_commit_callbacks,
        channel="sms", to="+919876543210", template="shipped",
        params={"number": "OD-1", "url": "u"}, language="en", dedupe_key="dlr",
    )  # fmt: skip
    report = gupshup.delivery_report(message.provider_id, phone="919876543210")

    assert client.get(f"/messaging/sms/delivery/?token=wrong&{report}").status_code == 403
    message.refresh_from_db()
    assert message.status == "sent"

    response = client.get(f"/messaging/sms/delivery/?token={SMS_TOKEN}&{report}")
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == "delivered" and message.status_at is not None

    # A late failure report for the same message does not undo "delivered".
    late = gupshup.delivery_report(message.provider_id, status="FAIL")
    client.get(f"/messaging/sms/delivery/?token={SMS_TOKEN}&{late}")
    message.refresh_from_db()
    assert message.status == "delivered"


def test_a_failed_sms_report_says_why(client, gupshup, django_capture_on_commit_callbacks):
    message = queue_and_send(
        django_capture_on_commit_callbacks,
        channel="sms", to="+919876543210", template="shipped",
        params={"number": "OD-1", "url": "u"}, language="en", dedupe_key="dlr-fail",
    )  # fmt: skip
    report = gupshup.delivery_report(message.provider_id, status="FAIL")
    client.post(f"/messaging/sms/delivery/?token={SMS_TOKEN}", data=dict(
        pair.split("=", 1) for pair in report.split("&")
    ))  # fmt: skip
    message.refresh_from_db()
    assert message.status == "failed" and message.last_error == "ABSENT_SUBSCRIBER"


def test_without_a_token_configured_the_sms_report_url_is_not_there(client, settings):
    settings.SMS_DLR_TOKEN = ""
    assert client.get("/messaging/sms/delivery/?token=&externalId=1").status_code == 404


def test_whatsapp_sends_the_approved_template_with_language_and_parameters(
    whatsapp, django_capture_on_commit_callbacks
):
    message = queue_and_send(
        django_capture_on_commit_callbacks,
        channel="whatsapp",
        to="+919876543210",
        template="order_confirmation",
        params={"number": "OD-7", "total": "₹1,450", "url": "https://odop.example/hi/o/"},
        language="hi",
        dedupe_key="wa:1",
    )

    [sent] = whatsapp.requests
    assert sent["version"] == "v21.0"
    assert sent["messaging_product"] == "whatsapp" and sent["type"] == "template"
    assert sent["to"] == "919876543210"
    assert sent["template"]["name"] == "odop_order_confirmation"
    assert sent["template"]["language"] == {"code": "hi"}
    assert sent["template"]["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "OD-7"},
                {"type": "text", "text": "₹1,450"},
                {"type": "text", "text": "https://odop.example/hi/o/"},
            ],
        }
    ]
    assert message.status == "sent" and message.provider_id == sent["_id"]


def test_an_unapproved_whatsapp_template_is_an_error_and_retried(whatsapp, settings):
    from kernel.messaging.delivery import send_claimed

    message = Message.objects.create(
        channel="whatsapp", to="+919876543210", template="back_in_stock", dedupe_key="wa:x",
        params={"product": "Diya", "url": "u"},
    )  # fmt: skip
    with pytest.raises(messaging.DeliveryError, match="132001"):
        send_claimed(message.pk)
    message.refresh_from_db()
    assert message.status == "pending"


def test_whatsapp_status_webhook_is_signed_and_moves_the_status(
    client, whatsapp, django_capture_on_commit_callbacks
):
    message = queue_and_send(
        django_capture_on_commit_callbacks,
        channel="whatsapp", to="+919876543210", template="shipped",
        params={"number": "OD-7", "url": "u"}, language="en", dedupe_key="wa:2",
    )  # fmt: skip
    url = "/messaging/whatsapp/webhook/"

    body, headers = whatsapp.status_event(message.provider_id, "delivered", app_secret="forged")
    response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == "sent"

    for status in ("delivered", "read", "sent"):  # the late "sent" changes nothing
        body, headers = whatsapp.status_event(message.provider_id, status, app_secret=APP_SECRET)
        response = client.post(url, body, content_type="application/json", **headers)
        assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == "read"


def test_whatsapp_webhook_verification_echoes_the_challenge(client, whatsapp):
    url = "/messaging/whatsapp/webhook/?hub.mode=subscribe&hub.challenge=1158201444"
    assert client.get(url + "&hub.verify_token=verify-me").content == b"1158201444"
    assert client.get(url + "&hub.verify_token=guess").status_code == 403


def test_a_garbled_whatsapp_webhook_is_a_400_not_a_500(client, whatsapp):
    from kernel.messaging.webhooks import whatsapp_signature

    body = b"{not json"
    response = client.post(
        "/messaging/whatsapp/webhook/", body, content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=whatsapp_signature(APP_SECRET, body),
    )  # fmt: skip
    assert response.status_code == 400
