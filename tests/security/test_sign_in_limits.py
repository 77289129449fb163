"""Sign-in limits count per account and per real client, not per proxy (issue 14).

Behind the documented proxy every request connects from the proxy's address; the
client's own address arrives in the header the proxy overwrites. If the limits counted
the connecting address, five bad passwords from anyone would lock everyone out.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
PROXY = "127.0.0.1"
TOO_MANY = "Too many failed login attempts"


def _production_setting(name: str):
    """A setting's value as production loads it (DEBUG off, the README's variables)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        SECRET_KEY="limits-test-" + "k" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="odop.example",
        DJANGO_SETTINGS_MODULE="odop_market.settings",
    )
    code = f"import django, json; django.setup(); from django.conf import settings as s; print(json.dumps(getattr(s, {name!r}, None)))"  # noqa: E501
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def behind_the_proxy():
    """This process configured as production is: the client's address in the proxy's header."""
    header = _production_setting("ALLAUTH_TRUSTED_CLIENT_IP_HEADER")
    proxy_count = _production_setting("ALLAUTH_TRUSTED_PROXY_COUNT") or 0
    cache.clear()
    with override_settings(
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER=header, ALLAUTH_TRUSTED_PROXY_COUNT=proxy_count
    ):
        yield
    cache.clear()


def _from(client_address: str) -> Client:
    """A browser at ``client_address``, as gunicorn sees it behind the README's nginx."""
    return Client(
        REMOTE_ADDR=PROXY,
        HTTP_X_REAL_IP=client_address,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_bad_attempts_on_one_account_do_not_block_another_account_from_another_client(
    behind_the_proxy,
):
    victim = UserFactory(email="victim@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=victim, email=victim.email, verified=True, primary=True)
    UserFactory(email="attacked@example.com", password=PASSWORD)
    attacker = _from("203.0.113.66")
    for attempt in range(12):
        attacker.post(
            reverse("account_login"),
            {"login": "attacked@example.com", "password": f"wrong-{attempt}"},
        )
    # The attacker is stopped…
    response = attacker.post(
        reverse("account_login"), {"login": "attacked@example.com", "password": PASSWORD}
    )
    assert TOO_MANY in response.content.decode()

    # …and someone else, at their own address, still signs in to their own account.
    other = _from("198.51.100.7")
    response = other.post(reverse("account_login"), {"login": victim.email, "password": PASSWORD})
    assert TOO_MANY not in response.content.decode()
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(victim.pk)


def test_bad_attempts_from_one_client_on_many_accounts_are_limited_per_client(
    behind_the_proxy,
):
    """The per-address limit still holds: it counts the client, not the proxy."""
    attacker = _from("203.0.113.66")
    for attempt in range(12):
        response = attacker.post(
            reverse("account_login"),
            {"login": f"guess-{attempt}@example.com", "password": "wrong"},
        )
    assert TOO_MANY in response.content.decode()
