"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

Every e2e test gets a fresh browser context (no cookies), a ``Journey`` that saves
numbered full-page screenshots under tests/e2e/artifacts/<journey>/, and the real site
served by pytest-django's ``live_server`` on a transactional database. Celery runs eagerly
in tests, so work enqueued with ``on_commit`` (image renditions, emails) is done inline
before the response that caused it returns.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

from kernel.money import format_money
from tests.factories import UserFactory
from tests.roles import restore_staff_roles

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "Sarson-ka-saag-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

#: Every e2e test: the live server only sees committed data.
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Generous: a cold CI runner compiles templates and starts Chromium on the first steps.
expect.set_options(timeout=20_000)


# orders is the last of our apps: its permissions, and all the others', exist by then.
post_migrate.connect(
    restore_staff_roles,
    sender=django_apps.get_app_config("orders"),
    dispatch_uid="e2e.restore_staff_roles",
)


@pytest.fixture(autouse=True)
def _roles(transactional_db) -> None:
    restore_staff_roles()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for one test module; Playwright stops after it.

    Playwright's sync API keeps an asyncio loop running in this thread while it is
    started, and Django refuses ORM calls from such a thread unless told that it is safe.
    It is safe here (the loop only drives the browser; our ORM calls are plain synchronous
    test code), and only while Playwright runs: the flag is put back afterwards, so the
    rest of the suite keeps Django's check.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def new_page(browser: Browser, *, viewport: dict | None = None, locale: str = "hi-IN") -> Page:
    """A page in a fresh context (own cookies); closed with its context by the caller.

    By default a phone whose browser prefers Hindi, like many of our shoppers and artisans.
    """
    context = browser.new_context(
        viewport=viewport or PHONE,
        device_scale_factor=1,
        locale=locale,
        timezone_id="Asia/Kolkata",
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: _console_error(msg, errors))
    page.js_errors = errors  # checked by Journey.shot: a CSP or script error fails the step
    return page


def _console_error(msg, errors: list[str]) -> None:
    url = msg.location.get("url", "")
    # Django's admin pages name no icon, so the browser asks for /favicon.ico: not a fault.
    if msg.type == "error" and not url.endswith("/favicon.ico"):
        errors.append(f"{msg.text} ({url})")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def desktop_page(browser: Browser) -> Iterator[Page]:
    page = new_page(browser, viewport=DESKTOP, locale="en-IN")  # staff at a desk
    yield page
    page.context.close()


class Journey:
    """Numbered screenshots of one journey's steps: artifacts/<name>/NN-step.png."""

    def __init__(self, name: str) -> None:
        self.folder = ARTIFACTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def shot(self, page: Page, step: str) -> Path:
        """Save the whole page; fail if the page logged a script or CSP error so far."""
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=path, full_page=True)
        errors = getattr(page, "js_errors", [])
        assert not errors, f"browser errors before step {step!r}: {errors}"
        return path


@pytest.fixture
def journey(request) -> Journey:
    """Screenshots folder named after the module (test_shopper_journey -> shopper), plus
    the parameter of a parametrized test (accessibility-hi)."""
    name = request.node.module.__name__.rsplit(".", 1)[-1]
    name = name.removeprefix("test_").removesuffix("_journey")
    callspec = getattr(request.node, "callspec", None)
    if callspec is not None:
        name += "-" + callspec.id
    return Journey(name)


@pytest.fixture
def site(live_server) -> str:
    """The live server's root URL, without the trailing slash."""
    return live_server.url


@pytest.fixture
def districts(transactional_db) -> None:
    """The 75 real districts, their crafts, GI tags and ODOP products."""
    call_command("load_districts", verbosity=0)


# --- helpers the journeys share ---------------------------------------------------------


def jpeg_file(folder: Path, name: str, *, size=(900, 700), colour=(180, 90, 40)) -> Path:
    """A real JPEG photo, big enough for the listing form (600 px on the short side)."""
    image = Image.new("RGB", size, colour)
    # A few stripes so the renditions are not a flat colour.
    for x in range(0, size[0], 60):
        for y in range(size[1]):
            image.putpixel((x, y), (250, 230, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    path = folder / name
    path.write_bytes(buffer.getvalue())
    return path


def confirmation_link(email: str) -> str:
    """The path of the email-confirmation link allauth sent to ``email`` (locmem outbox)."""
    for message in reversed(mail.outbox):
        if email in message.to:
            match = re.search(r"https?://[^/\s]+(/\S*confirm-email/\S+?/)", message.body)
            if match:
                return match.group(1)
    raise AssertionError(f"no confirmation email to {email}: {[m.subject for m in mail.outbox]}")


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator app's current code, by allauth's own HOTP arithmetic."""
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def enter_totp_code(page: Page) -> None:
    """Type the authenticator's code on allauth's two-factor page and submit it."""
    form = page.locator("main form", has=page.locator("input[name=code]"))
    form.locator("input[name=code]").fill(totp_code())
    form.locator("button[type=submit]").first.click()
    page.wait_for_load_state()


def make_staff(email: str, *, role: str) -> object:
    """A staff member in a role group, with a confirmed email and a TOTP authenticator."""
    user = UserFactory(email=email, is_staff=True, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(Group.objects.get(name=role))
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return user


def make_shopper(email: str) -> object:
    """A buyer with a confirmed email who can sign in with PASSWORD."""
    user = UserFactory(email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def log_in_browser(page: Page, site: str, user) -> None:
    """Give the browser a signed-in session for ``user`` without the login form.

    For pages that are not about signing in (accessibility checks); the journeys sign in
    through the real forms. Not for staff: the admin needs the two-factor code.
    """
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": site, "httpOnly": True}]
    )


AXE = Axe()
SERIOUS = {"serious", "critical"}


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, one readable line each."""
    results = AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            found.append(
                f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']}\n"
                f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}\n"
                f"    {node.get('failureSummary', '').replace(chr(10), ' ')[:300]}"
            )
    return found


def hi(text: str) -> str:
    """``text`` as the Hindi pages show it: the project's own translation (English if none)."""
    with translation.override("hi"):
        return gettext(text)


def rupees(amount) -> str:
    """The amount as every page prints it (kernel.money): ₹3,768 or ₹3,768.50."""
    return format_money(amount)
