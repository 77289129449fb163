"""Browser-side protections: headers, CSP without inline code, cookies, CSRF, limits.

Production settings are checked in a separate process started with production-like
variables (as .ci/run does), because the test process runs with test settings.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.admin.conftest import sign_in_with_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "security-test-" + "k" * 50,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "odop.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/odop_market",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_production(code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PRODUCTION_ENV)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_checks():
    result = run_production(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'odop_market.settings';"
        "django.setup(); from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    assert result.returncode == 0, result.stderr


PRODUCTION_RESPONSE = """
import django, json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "odop_market.settings"
django.setup()
from django.conf import settings
# The manifest needs collectstatic; this test is about headers and cookies, not assets.
settings.STORAGES = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.test import Client
client = Client(HTTP_HOST="odop.example")
plain = client.get("/robots.txt")
secure = client.get("/accounts/login/", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "headers": dict(secure.headers),
    "cookies": {name: dict(c) for name, c in secure.cookies.items()},
}))
"""


def test_production_redirects_to_https_and_sends_hsts_and_secure_cookies():
    result = run_production(PRODUCTION_RESPONSE)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen["plain_status"] == 301
    assert seen["plain_location"] == "https://odop.example/robots.txt"
    hsts = seen["headers"]["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    csrf = seen["cookies"]["csrftoken"]
    assert csrf["secure"] is True and csrf["httponly"] is True and csrf["samesite"] == "Lax"


def test_every_page_sends_the_protective_headers(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert "unsafe" not in response["Content-Security-Policy"]


INLINE_SCRIPT = r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>"
INLINE = [
    (re.compile(INLINE_SCRIPT), "inline script"),
    (re.compile(r"\sstyle=\""), "style attribute"),
    (re.compile(r"\son[a-z]+=\"", re.IGNORECASE), "event handler attribute"),
    (re.compile(r"href=\"javascript:", re.IGNORECASE), "javascript: link"),
]  # fmt: skip


def test_no_page_relies_on_inline_code_that_the_csp_would_block(world, clients):
    """Every page of the matrix answering 200, for a shopper, an artisan and staff."""
    from tests.security.test_url_matrix import expected_for, path_for
    from tests.security.urlwalk import all_routes

    found = []
    for role in ("anonymous", "seller_a", "operations"):
        for route in all_routes():
            expected = expected_for(route)
            if expected is None or expected[role] != "200":
                continue
            path = path_for(route, world)
            response = clients[role].get(path)
            if "html" not in response.get("Content-Type", ""):
                continue
            body = response.content.decode()
            found += [f"{role} {path}: {what}" for rx, what in INLINE if rx.search(body)]
    assert not found, "\n".join(found)


def test_session_and_csrf_cookies_are_http_only_and_same_site(world, client):
    client.get(reverse("account_login"))  # a page with a form sets the CSRF cookie
    # An anonymous cart lives in the session: adding to it sets the session cookie.
    client.post(reverse("orders:cart_add"), {"product": world.product_a.pk, "quantity": 1})
    session, csrf = client.cookies["sessionid"], client.cookies["csrftoken"]
    assert session["httponly"] is True and session["samesite"] == "Lax"
    assert csrf["httponly"] is True and csrf["samesite"] == "Lax"


@pytest.mark.parametrize(
    ("role", "url_name", "kwargs"),
    [
        ("anonymous", "orders:cart_add", {}),
        ("shopper", "orders:checkout", {}),
        ("shopper", "orders:order_cancel", {"number": "order"}),
        ("seller_a", "console:product_create", {}),
        ("seller_a", "console:product_archive", {"pk": "product"}),
        ("seller_a", "console:order_detail", {"pk": "suborder"}),
        ("shopper", "console:onboarding_step", {"step": "profile"}),
        ("anonymous", "account_login", {}),
        ("curator", "admin:districts_district_add", {}),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(world, role, url_name, kwargs):
    objects = {
        "order": world.order.number,
        "product": world.product_a.pk,
        "suborder": world.suborder_a.pk,
    }
    client = Client(enforce_csrf_checks=True)
    if role in ("curator", "operations"):
        sign_in_with_code(client, world.users[role])
    elif role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(url_name, kwargs={k: objects.get(v, v) for k, v in kwargs.items()})

    response = client.post(url, {"quantity": 1, "product": world.product_a.pk})

    assert response.status_code == 403


def test_repeated_failed_logins_lock_the_account_for_a_while_even_with_the_right_password(
    client,
):
    user = UserFactory(email="target@example.com")
    url = reverse("account_login")
    for attempt in range(5):
        response = client.post(url, {"login": user.email, "password": f"wrong-{attempt}"})
        assert "Too many failed login attempts" not in response.content.decode()

    response = client.post(url, {"login": user.email, "password": "correct-horse-battery"})

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_oversized_form_post_is_refused_with_400(client):
    response = client.post(reverse("orders:cart_add"), {"quantity": "1" * 3_000_000})
    assert response.status_code == 400


def test_a_post_with_thousands_of_fields_is_refused_with_400(client):
    fields = {f"f{i}": "1" for i in range(1200)}
    response = client.post(reverse("orders:cart_add"), fields)
    assert response.status_code == 400


def test_allauth_rate_limits_cover_sign_up_sign_in_and_password_reset():
    from allauth.account import app_settings

    limits = app_settings.RATE_LIMITS
    for action in ("signup", "login", "login_failed", "reset_password", "confirm_email"):
        assert limits.get(action), action
    assert limits["login_failed"] == "5/m/ip,5/5m/key"
