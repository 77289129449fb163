"""Staff reach the admin only with two-factor authentication (allauth MFA, TOTP)."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from tests.admin.conftest import CURATOR, TOTP_SECRET, make_staff, sign_in_with_code

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client):
    client.force_login(make_staff(group=CURATOR, mfa=False))

    response = client.get("/admin/", follow=True)

    (login, _), (setup, _) = response.redirect_chain[:2]
    assert login == "/admin/login/?next=/admin/"
    assert setup == reverse("mfa_activate_totp")


def test_the_hindi_admin_is_guarded_too(client):
    client.force_login(make_staff(superuser=True, mfa=False))
    response = client.get("/hi/admin/districts/district/", follow=True)
    assert response.redirect_chain[1][0] == "/hi/accounts/2fa/totp/activate/"


def test_the_setup_page_says_why(client):
    client.force_login(make_staff(group=CURATOR, mfa=False))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert "two-factor authentication" in response.content.decode()


def test_staff_with_an_authenticator_reach_the_admin(client):
    sign_in_with_code(client, make_staff(group=CURATOR))
    assert client.get("/admin/").status_code == 200


def test_staff_log_in_with_password_then_code_and_reach_the_admin(client):
    user = make_staff(group=CURATOR)

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # not logged in until the code

    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_form_cannot_skip_the_code(client):
    """Django's own admin login would accept a password alone: it hands over to allauth."""
    user = make_staff(group=CURATOR)

    response = client.get("/admin/login/?next=/admin/catalog/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/admin/catalog/" in response["Location"]

    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
