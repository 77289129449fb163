"""A new shopper signs up, confirms their email and signs in through allauth."""

import re

import pytest
from django.core import mail

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_signup_confirm_email_then_login(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"

    response = client.post(
        "/accounts/signup/",
        {
            "email": "meera@example.com",
            "password1": "kite-river-42x",
            "password2": "kite-river-42x",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="meera@example.com")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["meera@example.com"]

    # Mandatory verification: no login before the email is confirmed.
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "meera@example.com", "password": "kite-river-42x"}
    )
    assert "_auth_user_id" not in client.session

    confirm_path = re.search(
        r"https?://[^/]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body
    )
    response = client.post(confirm_path.group(1))
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": "meera@example.com", "password": "kite-river-42x"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signup_in_hindi_sets_hindi_as_the_preferred_language(client):
    client.post(
        "/hi/accounts/signup/",
        {"email": "ravi@example.com", "password1": "kite-river-42x", "password2": "kite-river-42x"},
    )
    assert User.objects.get(email="ravi@example.com").preferred_language == "hi"
