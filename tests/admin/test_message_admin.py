"""Operations look up the SMS and WhatsApp messages sent to a number, without the codes."""

import pytest

from kernel.models import Message

pytestmark = pytest.mark.django_db

URL = "/admin/kernel/message/"


@pytest.fixture
def messages():
    failed = Message.objects.create(
        channel="sms",
        to="+919876543210",
        template="login_code",
        params={"code": "482915", "minutes": "5"},
        dedupe_key="login:1",
        status="failed",
        attempts=3,
        last_error="DLT template not registered",
    )
    Message.objects.create(
        channel="whatsapp",
        to="+919123456789",
        template="order_placed",
        params={"number": "OD-1"},
        dedupe_key="order:1",
        status="delivered",
        provider_id="wamid.HBgM",
    )
    return failed


def test_operations_find_a_number_as_people_write_it_and_see_why_it_failed(
    operations_client, messages
):
    html = operations_client.get(URL, {"q": "098765 43210"}).content.decode()

    assert "DLT template not registered" in html
    assert "XXXXXXXXX3210" in html
    assert "+919876543210" not in html and "XXXXXXXXX6789" not in html  # only that number
    page = operations_client.get(f"{URL}{messages.pk}/change/").content.decode()
    assert "Not delivered" in page and "login_code" in page
    assert "482915" not in page  # the sign-in code is never shown
    assert "+919876543210" not in page


def test_messages_are_read_only_and_hidden_from_curators(
    operations_client, curator_client, messages
):
    assert operations_client.get(f"{URL}{messages.pk}/delete/").status_code == 403
    assert operations_client.get(f"{URL}add/").status_code == 403
    assert curator_client.get(URL).status_code == 403
