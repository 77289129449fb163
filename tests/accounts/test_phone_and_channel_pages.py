"""A user adds a mobile number or an email later, and chooses how updates reach them."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core import mail

from accounts.models import User
from kernel import messaging
from tests.factories import SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Each POST's after-commit work (SMS, emails) done before it returns."""
    post = client.post

    def post_and_commit(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_commit
    return client


def test_an_email_user_adds_a_mobile_number_and_confirms_it_with_a_code(client):
    user = UserFactory(email="asha@example.com")
    client.force_login(user)

    html = client.get("/hi/accounts/phone/change/").content.decode()
    assert "<h1>मोबाइल नंबर</h1>" in html

    response = client.post("/accounts/phone/change/", {"phone": "98765 43210"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    [sms] = messaging.outbox
    assert sms.to == "+919876543210"

    response = client.post("/accounts/phone/verify/", {"code": "000000"})
    assert "Incorrect code." in response.content.decode()
    response = client.post("/accounts/phone/verify/", {"code": sms.params["code"]})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.phone, user.phone_verified) == ("+919876543210", True)


def test_a_number_that_belongs_to_another_account_is_not_taken(client):
    User.objects.create_user(phone="9876543210")
    user = UserFactory(email="asha@example.com")
    client.force_login(user)

    client.post("/accounts/phone/change/", {"phone": "9876543210"})

    user.refresh_from_db()
    assert user.phone is None
    assert User.objects.filter(phone="+919876543210").count() == 1


def test_a_mobile_user_adds_an_email_and_confirms_it(client):
    user = User.objects.create_user(phone="9876543210", phone_verified=True)
    client.force_login(user)

    html = client.get("/accounts/email/").content.decode()
    assert "Your account has no email address." in html
    client.post("/accounts/email/", {"action_add": "", "email": "ravi@example.com"})

    [message] = mail.outbox
    assert message.to == ["ravi@example.com"]
    path = re.search(r"https?://[^/]+(/accounts/confirm-email/[^\s]+/)", message.body)[1]
    client.post(path)

    user.refresh_from_db()
    assert user.email == "ravi@example.com"
    assert EmailAddress.objects.get(user=user).verified


def test_staff_with_a_mobile_number_still_need_their_totp_code(client):
    staff = UserFactory(email="curator@example.com", is_staff=True, phone="9876543210")
    staff.phone_verified = True
    staff.save()
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    TOTP.activate(staff, TOTP_SECRET)

    client.post("/accounts/login/code/", {"phone": "9876543210"})
    response = client.post(
        "/accounts/login/code/confirm/", {"code": messaging.outbox[-1].params["code"]}
    )

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_artisans_get_sms_by_default_and_everyone_else_email():
    artisan = SellerFactory().user
    artisan.phone = "+919876543210"
    artisan.save()
    shopper_with_both = UserFactory(email="meera@example.com", phone="+919876543211")
    mobile_only = User.objects.create_user(phone="9876543212")
    artisan_without_mobile = SellerFactory().user

    assert User.objects.get(pk=artisan.pk).updates_channel() == "sms"
    assert shopper_with_both.updates_channel() == "email"
    assert mobile_only.updates_channel() == "sms"
    assert User.objects.get(pk=artisan_without_mobile.pk).updates_channel() == "email"


def test_the_account_page_saves_the_channel_and_shows_the_default(client):
    artisan = SellerFactory().user
    artisan.phone = "+919876543210"
    artisan.save()
    client.force_login(artisan)

    html = client.get("/hi/accounts/updates/").content.decode()
    assert 'value="sms" required id="id_notification_channel_1" checked' in html
    assert "+91 98765 43210" in html

    response = client.post("/accounts/updates/", {"notification_channel": "whatsapp"})
    assert response.status_code == 302
    artisan.refresh_from_db()
    assert artisan.notification_channel == "whatsapp"
    assert artisan.updates_channel() == "whatsapp"


def test_a_channel_the_account_cannot_reach_is_refused_in_hindi(client):
    user = User.objects.create_user(phone="9876543210")
    client.force_login(user)

    response = client.post("/hi/accounts/updates/", {"notification_channel": "email"})

    assert response.status_code == 200
    assert "आपके खाते में अभी कोई ईमेल पता नहीं है" in response.content.decode()
    user.refresh_from_db()
    assert user.notification_channel == ""
