"""Sign up and sign in with an Indian mobile number and a code by SMS (allauth's phone
login, through the test client, codes read from the SMS the locmem backend recorded)."""

import re

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import User
from kernel import messaging

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """The test client, with each POST's after-commit work (the SMS) done before it returns,
    as it is when the request's transaction commits."""
    post = client.post

    def post_and_commit(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = post_and_commit
    return client


def last_code() -> str:
    assert messaging.outbox, "no SMS was sent"
    message = messaging.outbox[-1]
    assert message.template == "login_code"
    assert re.fullmatch(r"[0-9]{6}", message.params["code"])
    return message.params["code"]


def signed_in_as(client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_sign_up_with_a_mobile_number_and_the_code_sent_by_sms(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    response = client.post("/accounts/signup/", {"phone": "98765 43210"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    user = User.objects.get(phone="+919876543210")
    assert user.email is None and not user.phone_verified
    assert not user.has_usable_password()
    assert signed_in_as(client) is None
    [sms] = messaging.outbox
    assert sms.channel == "sms" and sms.to == "+919876543210"
    assert sms.params["code"] in sms.text
    assert mail.outbox == []

    response = client.post("/accounts/phone/verify/", {"code": sms.params["code"]})

    assert response.status_code == 302
    assert signed_in_as(client) == user
    user.refresh_from_db()
    assert user.phone_verified


def test_sign_up_in_hindi_gets_the_code_in_hindi(client):
    client.post("/hi/accounts/signup/", {"phone": "9876543210"})

    [sms] = messaging.outbox
    assert sms.language == "hi"
    assert "ODOP मार्केट" in sms.text
    assert User.objects.get(phone="+919876543210").preferred_language == "hi"


def test_sign_in_with_a_mobile_number_and_a_code(client):
    user = User.objects.create_user(phone="9876543210", phone_verified=True)

    response = client.post("/accounts/login/code/", {"phone": "+91 98765 43210"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    code = last_code()
    assert messaging.outbox[-1].to == "+919876543210"

    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert signed_in_as(client) == user


def test_the_sign_in_page_offers_the_mobile_number_first(client):
    html = client.get("/hi/accounts/login/").content.decode()

    assert 'action="/hi/accounts/login/code/"' in html
    assert 'name="phone"' in html and 'inputmode="tel"' in html
    assert 'name="login"' in html and 'name="password"' in html  # email and password too


def test_a_wrong_code_is_refused_and_three_wrong_codes_end_the_attempt(client):
    User.objects.create_user(phone="9876543210", phone_verified=True)
    client.post("/accounts/login/code/", {"phone": "9876543210"})
    code = last_code()

    response = client.post("/accounts/login/code/confirm/", {"code": "WRONG1"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert signed_in_as(client) is None

    client.post("/accounts/login/code/confirm/", {"code": "WRONG2"})
    response = client.post("/accounts/login/code/confirm/", {"code": "WRONG3"})
    # The third wrong code ends the attempt: even the right code no longer works.
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert signed_in_as(client) is None


def test_an_expired_code_is_refused(client, settings):
    User.objects.create_user(phone="9876543210", phone_verified=True)
    client.post("/accounts/login/code/", {"phone": "9876543210"})
    code = last_code()

    # The code is older than the time codes are good for (as if typed 5 minutes late).
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 0
    response = client.post("/accounts/login/code/confirm/", {"code": code})

    assert signed_in_as(client) is None
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_asking_for_codes_again_and_again_is_refused(client):
    User.objects.create_user(phone="9876543210", phone_verified=True)
    for _ in range(3):
        client.post("/accounts/login/code/", {"phone": "9876543210"})
        client.cookies.clear()  # a new session each time, as a script would
    sent = len(messaging.outbox)

    response = client.post("/accounts/login/code/", {"phone": "98765 43210"})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert len(messaging.outbox) == sent == 3


def test_an_unknown_number_gets_no_sms_and_no_account(client):
    response = client.post("/accounts/login/code/", {"phone": "9876543210"})

    assert response.status_code == 302  # the same page as for a known number
    assert messaging.outbox == []
    assert not User.objects.exists()


def test_email_sign_up_is_unchanged_and_needs_a_password(client):
    response = client.post("/accounts/signup/", {"email": "meera@example.com"})

    assert response.status_code == 200
    assert not User.objects.exists()

    password = "kite-river-42x"
    client.post(
        "/accounts/signup/",
        {"email": "meera@example.com", "password1": password, "password2": password},
    )
    assert User.objects.get(email="meera@example.com").phone is None


def test_asking_for_a_code_with_neither_a_mobile_nor_an_email_says_what_to_enter(client):
    response = client.post("/hi/accounts/login/code/", {"phone": "", "email": ""})

    assert response.status_code == 200
    with translation.override("hi"):
        assert gettext("Enter your mobile number or your email address.") in (
            response.content.decode()
        )
    assert messaging.outbox == []
