"""A shopper on a 390 px phone, in Hindi, signs up and signs in with a mobile number and
the code that comes by SMS (read from the locmem SMS outbox the live server shares)."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from kernel import messaging
from tests.e2e.conftest import E2E, hi, new_page

pytestmark = E2E


def _last_code() -> str:
    assert messaging.outbox, "no SMS was sent"
    return messaging.outbox[-1].params["code"]


@pytest.mark.parametrize("language", ["hi"])
def test_sign_up_then_sign_in_with_a_mobile_number_on_a_phone_in_hindi(
    page, browser, site, journey, language
):
    page.goto(f"{site}/hi/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Create an account"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways"
    journey.shot(page, "signup")

    mobile_form = page.locator("form", has=page.locator("input[name=phone]"))
    mobile_form.locator("input[name=phone]").fill("98765 43210")
    mobile_form.get_by_role("button", name=hi("Send me a code")).click()
    page.wait_for_url("**/hi/accounts/phone/verify/")
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Confirm your mobile number"))
    expect(page.locator("main")).to_contain_text("+91 98765 43210")
    [sms] = messaging.outbox
    assert sms.language == "hi" and sms.text.startswith("ODOP मार्केट का आपका कोड")
    journey.shot(page, "code-sent")

    page.locator("input[name=code]").fill("000000")
    page.get_by_role("button", name=hi("Confirm")).click()
    expect(page.locator(".field-error, .form-errors").first).to_be_visible()
    page.locator("input[name=code]").fill(_last_code())
    page.get_by_role("button", name=hi("Confirm")).click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    user = User.objects.get(phone="+919876543210")
    assert user.phone_verified and user.email is None
    journey.shot(page, "signed-up")

    # The account pages: how updates come (SMS, the default without an email), the number.
    page.goto(f"{site}/hi/accounts/updates/")
    expect(page.get_by_role("radio", name=hi("SMS"))).to_be_checked()
    expect(page.locator("main legend")).to_have_text(hi("Send my updates by") + ":")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    journey.shot(page, "updates-channel")
    page.get_by_role("radio", name=hi("WhatsApp")).check()
    page.get_by_role("button", name=hi("Save")).click()
    expect(page.locator("main")).to_contain_text(hi("WhatsApp"))
    user.refresh_from_db()
    assert user.notification_channel == "whatsapp"
    page.goto(f"{site}/hi/accounts/phone/change/")
    expect(page.locator("main")).to_contain_text("+91 98765 43210")
    journey.shot(page, "phone-page")

    # Later, on another phone: sign in with the number and a new code.
    other = new_page(browser)
    try:
        other.goto(f"{site}/hi/accounts/login/")
        assert other.evaluate("document.documentElement.scrollWidth") <= 390
        journey.shot(other, "sign-in")
        other.locator("#id_code_phone").fill("+91 98765 43210")
        other.get_by_role("button", name=hi("Send me a code")).click()
        other.wait_for_url("**/hi/accounts/login/code/confirm/")
        expect(other.locator("main")).to_contain_text("+91 98765 43210")
        journey.shot(other, "sign-in-code")
        other.locator("input[name=code]").fill(_last_code())
        other.get_by_role("button", name=hi("Confirm")).click()
        other.wait_for_url(lambda url: "/accounts/" not in url)
        assert len(messaging.outbox) == 2
    finally:
        other.context.close()


def test_the_sign_in_page_on_a_desktop_in_english(desktop_page, site, journey):
    desktop_page.goto(f"{site}/accounts/login/")
    expect(desktop_page.get_by_role("heading", name="With your mobile number")).to_be_visible()
    journey.shot(desktop_page, "sign-in-desktop")
    desktop_page.locator("#id_code_phone").fill("12345")
    desktop_page.get_by_role("button", name="Send me a code").click()
    expect(desktop_page.locator("main")).to_contain_text(
        "Enter a 10-digit mobile number starting with 6, 7, 8 or 9"
    )
    journey.shot(desktop_page, "sign-in-bad-number")
    assert messaging.outbox == []
