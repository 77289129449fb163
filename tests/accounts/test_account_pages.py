"""allauth's pages in our layout, in English and in natural Hindi at /hi/."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
SKIP_LINK = {"en": "Skip to main content", "hi": "मुख्य सामग्री पर जाएँ"}
PREFIX = {"en": "", "hi": "/hi"}


def _assert_our_layout(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html
    assert 'class="skip-link"' in html and SKIP_LINK[language] in html
    assert 'class="account-page"' in html
    # CSP: no inline styles or scripts, only our own script file.
    assert 'style="' not in html
    assert re.findall(r"<script[^>]*>", html) == [re.search(r"<script src=[^>]*>", html)[0]]


def _signed_in_client(client, user, language="en"):
    """Sign in through the login form, so allauth records a recent authentication."""
    response = client.post(
        f"{PREFIX[language]}/accounts/login/", {"login": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _reauthenticated_client(client, user, language="en"):
    """Signed in, then past allauth's "confirm it is you" step that guards MFA settings."""
    _signed_in_client(client, user, language)
    response = client.post(f"{PREFIX[language]}/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.fixture
def verified_user():
    user = UserFactory(email="asha@example.com")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def staff_user():
    user = UserFactory(email="curator@example.com", is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


PUBLIC_PAGES = [
    ("/accounts/login/", {"en": "Forgot your password?", "hi": "पासवर्ड भूल गए?"}),
    ("/accounts/signup/", {"en": "Create an account", "hi": "खाता बनाएँ"}),
    ("/accounts/password/reset/", {"en": "Email me a reset link", "hi": "मुझे लिंक ईमेल करें"}),
    ("/accounts/password/reset/done/", {"en": "Check your email", "hi": "अपना ईमेल देखें"}),
    ("/accounts/confirm-email/", {"en": "Check your email", "hi": "अपना ईमेल देखें"}),
    ("/accounts/confirm-email/not-a-key/", {"en": "has expired", "hi": "पुराना हो गया है"}),
    ("/accounts/password/reset/key/1-set-password/", {"en": "no longer works", "hi": "अब काम नहीं"}),
    ("/accounts/password/reset/key/done/", {"en": "Password changed", "hi": "पासवर्ड बदल गया"}),
    ("/accounts/inactive/", {"en": "Account not active", "hi": "खाता चालू नहीं है"}),
]


@pytest.mark.parametrize("language", ["en", "hi"])
@pytest.mark.parametrize(("path", "expected"), PUBLIC_PAGES)
def test_public_account_page_renders_in_our_layout(
    client, django_assert_max_num_queries, language, path, expected
):
    with django_assert_max_num_queries(3):
        response = client.get(PREFIX[language] + path)
    html = response.content.decode()
    assert response.status_code == 200
    _assert_our_layout(html, language)
    assert expected[language] in html


def test_hindi_login_page_has_hindi_labels_and_no_stilted_words(client):
    html = client.get("/hi/accounts/login/").content.decode()
    assert ">ईमेल:</label>" in html
    assert ">पासवर्ड:</label>" in html
    assert ">मुझे याद रखें:</label>" in html
    assert "<h1>साइन इन</h1>" in html
    assert 'href="/hi/accounts/password/reset/">पासवर्ड भूल गए?</a>' in html
    for stilted in ("डाक पता", "कूटशब्द", "शब्दकूट", "Sign In", "Remember Me"):
        assert stilted not in html


def test_forgot_password_link_comes_right_after_the_password_input(client):
    html = client.get("/accounts/login/").content.decode()
    password_input = html.index('id="id_password"')
    forgot = html.index("Forgot your password?")
    remember = html.index('id="id_remember"')
    assert password_input < forgot < remember


def test_wrong_password_shows_the_error_in_hindi(client, verified_user):
    response = client.post(
        "/hi/accounts/login/", {"login": verified_user.email, "password": "not-my-password"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ईमेल पता या पासवर्ड सही नहीं है।" in html
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_the_error_in_english(client, verified_user):
    html = client.post(
        "/accounts/login/", {"login": verified_user.email, "password": "not-my-password"}
    ).content.decode()
    assert "The email address and/or password you specified are not correct." in html


def test_signup_errors_are_in_hindi(client):
    response = client.post(
        "/hi/accounts/signup/",
        {"email": "not-an-email", "password1": "1234", "password2": "4321"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "सही ईमेल पता लिखें" in html
    assert "यह पासवर्ड बहुत छोटा है। इसमें कम से कम 8 अक्षर होने चाहिए।" in html
    assert "इस पासवर्ड में सिर्फ़ अंक हैं।" in html
    assert "This password" not in html

    mismatch = client.post(
        "/hi/accounts/signup/",
        {"email": "ravi@example.com", "password1": "kite-river-42x", "password2": "kite-river-43x"},
    )
    assert "दोनों बार एक ही पासवर्ड लिखें।" in mismatch.content.decode()


def test_signup_with_empty_form_says_fields_are_required_in_hindi(client):
    html = client.post("/hi/accounts/signup/", {}).content.decode()
    assert html.count("यह जानकारी भरना ज़रूरी है।") == 3


def test_signup_page_shows_the_password_rules_in_hindi(client):
    html = client.get("/hi/accounts/signup/").content.decode()
    assert ">पासवर्ड (दोबारा):</label>" in html
    assert "पासवर्ड में कम से कम 8 अक्षर हों।" in html
    assert "पासवर्ड में सिर्फ़ अंक न हों।" in html


def test_hindi_signup_sends_a_plain_hindi_confirmation_email(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    client.post(
        "/hi/accounts/signup/",
        {"email": "ravi@example.com", "password1": "kite-river-42x", "password2": "kite-river-42x"},
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[ODOP मार्केट] कृपया अपने ईमेल पते की पुष्टि करें"
    assert message.body.startswith("नमस्ते,")
    assert "/hi/accounts/confirm-email/" in message.body
    assert "ODOP मार्केट टीम" in message.body


def test_english_password_reset_email_is_plain_and_has_the_link(client, verified_user):
    client.post("/accounts/password/reset/", {"email": verified_user.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[ODOP Market] Choose a new password"
    assert "To choose a new password, open this link:" in message.body
    assert "/accounts/password/reset/key/" in message.body
    assert "{%" not in message.body


def test_successful_sign_in_message_is_in_hindi(client, verified_user):
    response = client.post(
        "/hi/accounts/login/", {"login": verified_user.email, "password": PASSWORD}, follow=True
    )
    assert "आप asha@example.com के रूप में साइन इन हो गए हैं।" in response.content.decode()


SIGNED_IN_PAGES = [
    ("/accounts/logout/", {"en": "Stay signed in", "hi": "साइन इन रहें"}),
    ("/accounts/password/change/", {"en": "Change your password", "hi": "अपना पासवर्ड बदलें"}),
    ("/accounts/email/", {"en": "asha@example.com", "hi": "ईमेल पता जोड़ें"}),
    ("/accounts/2fa/", {"en": "Set up an authenticator app", "hi": "ऑथेंटिकेटर ऐप सेट करें"}),
]


@pytest.mark.parametrize("language", ["en", "hi"])
@pytest.mark.parametrize(("path", "expected"), SIGNED_IN_PAGES)
def test_signed_in_account_page_renders_in_our_layout(
    client, django_assert_max_num_queries, verified_user, language, path, expected
):
    _signed_in_client(client, verified_user, language)
    with django_assert_max_num_queries(12):
        response = client.get(PREFIX[language] + path)
    html = response.content.decode()
    assert response.status_code == 200
    _assert_our_layout(html, language)
    assert expected[language] in html


def test_hindi_password_change_form_has_hindi_labels(client, verified_user):
    _signed_in_client(client, verified_user, "hi")
    html = client.get("/hi/accounts/password/change/").content.decode()
    assert ">अभी का पासवर्ड:</label>" in html
    assert ">नया पासवर्ड:</label>" in html
    assert ">नया पासवर्ड (दोबारा):</label>" in html


@pytest.mark.parametrize("language", ["en", "hi"])
def test_totp_activation_first_asks_the_staff_user_to_confirm_it_is_them(
    client, staff_user, language
):
    _signed_in_client(client, staff_user, language)
    response = client.get(f"{PREFIX[language]}/accounts/2fa/totp/activate/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(f"{PREFIX[language]}/accounts/reauthenticate/")
    _assert_our_layout(html, language)
    expected = {"en": "Confirm it is you", "hi": "पुष्टि करें कि यह आप ही हैं"}
    assert f"<h1>{expected[language]}</h1>" in html
    assert 'id="id_password"' in html


@pytest.mark.parametrize("language", ["en", "hi"])
def test_totp_activation_page_shows_the_qr_code_to_a_staff_user(
    client, django_assert_max_num_queries, staff_user, language
):
    _reauthenticated_client(client, staff_user, language)
    with django_assert_max_num_queries(12):
        response = client.get(f"{PREFIX[language]}/accounts/2fa/totp/activate/")
    html = response.content.decode()
    assert response.status_code == 200
    _assert_our_layout(html, language)
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', html)
    assert re.search(r'<code class="secret" id="authenticator_secret">[A-Z2-7]{32}</code>', html)
    if language == "hi":
        assert "ऑथेंटिकेटर ऐप सेट करें" in html
        assert ">ऑथेंटिकेटर ऐप का कोड:</label>" in html


@pytest.mark.django_db(transaction=True)  # allauth adds its message in on_commit
def test_staff_user_can_turn_on_totp_with_the_code_from_the_app(client, staff_user):
    _reauthenticated_client(client, staff_user, "hi")
    html = client.get("/hi/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret">([A-Z2-7]+)<', html).group(1)

    wrong = client.post("/hi/accounts/2fa/totp/activate/", {"code": "000000"})
    assert "कोड सही नहीं है।" in wrong.content.decode()

    counter = next(yield_hotp_counters_from_time())
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post("/hi/accounts/2fa/totp/activate/", {"code": code}, follow=True)
    assert Authenticator.objects.filter(user=staff_user, type=Authenticator.Type.TOTP).exists()
    html = response.content.decode()
    assert "ऑथेंटिकेटर ऐप चालू हो गया।" in html
    assert 'class="recovery-codes"' in html  # allauth shows the fresh recovery codes next


@pytest.fixture
def staff_with_totp(staff_user):
    TOTP.activate(staff_user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    RecoveryCodes.activate(staff_user)
    return staff_user


MFA_PAGES = [
    ("/accounts/2fa/", {"en": "Show codes", "hi": "कोड देखें"}),
    ("/accounts/2fa/recovery-codes/", {"en": "10 of 10 codes left.", "hi": "10 में से 10 कोड बचे हैं।"}),
    (
        "/accounts/2fa/recovery-codes/generate/",
        {"en": "Your old codes will stop working.", "hi": "पुराने कोड काम करना बंद"},
    ),
]


@pytest.mark.parametrize("language", ["en", "hi"])
@pytest.mark.parametrize(("path", "expected"), MFA_PAGES)
def test_mfa_pages_render_for_staff_with_an_authenticator(
    client, django_assert_max_num_queries, staff_with_totp, language, path, expected
):
    client.force_login(staff_with_totp)
    response = client.post(f"{PREFIX[language]}/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    with django_assert_max_num_queries(12):
        response = client.get(PREFIX[language] + path)
    html = response.content.decode()
    assert response.status_code == 200
    _assert_our_layout(html, language)
    assert expected[language] in html


@pytest.mark.parametrize("language", ["en", "hi"])
def test_sign_in_with_totp_asks_for_the_code_in_our_layout(client, staff_with_totp, language):
    response = client.post(
        f"{PREFIX[language]}/accounts/login/",
        {"login": staff_with_totp.email, "password": PASSWORD},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == f"{PREFIX[language]}/accounts/2fa/authenticate/"
    _assert_our_layout(html, language)
    expected = {"en": "Enter your sign-in code", "hi": "अपना साइन-इन कोड लिखें"}
    assert expected[language] in html
    assert "_auth_user_id" not in client.session


def test_staff_user_can_confirm_it_is_them_with_a_code_emailed_in_hindi(client, staff_user):
    _signed_in_client(client, staff_user, "hi")
    html = client.get("/hi/accounts/reauthenticate/code/").content.decode()
    _assert_our_layout(html, "hi")
    assert "मुझे कोड ईमेल करें" in html

    response = client.post(
        "/hi/accounts/reauthenticate/code/", {"recipient": staff_user.email}, follow=True
    )
    html = response.content.decode()
    _assert_our_layout(html, "hi")
    assert "हमने <strong>curator@example.com</strong> पर एक कोड भेजा है।" in html
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[ODOP मार्केट] आपका साइन-इन कोड"
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)

    response = client.post("/hi/accounts/reauthenticate/code/confirm/", {"code": code})
    assert response.status_code == 302
    assert client.get("/hi/accounts/2fa/totp/activate/").status_code == 200
