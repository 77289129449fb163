"""No path trick reaches the admin without the two-factor code (issue 14).

Gunicorn takes a ``SCRIPT_NAME`` request header from the addresses it trusts, and a site
may be mounted under a path prefix: either way ``request.path`` and ``path_info`` differ.
The admin site itself decides, from the session's authentication records, so whatever the
path, Django's password-only login form is never served and a password-only session
opens no admin page.
"""

import io
import time
from urllib.parse import urlencode

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import get_script_prefix, reverse, set_script_prefix

from tests.admin.conftest import CURATOR, OPERATIONS, TOTP_SECRET, make_staff, sign_in_with_code
from tests.factories import SellerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
PAN = "ABCDE1234F"


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _kyc_page(seller) -> str:
    return f"/admin/sellers/sellerprofile/{seller.pk}/change/"


def test_a_script_name_header_does_not_serve_the_password_only_admin_login(client):
    user = make_staff(group=OPERATIONS)

    response = client.get("/admin/login/", SCRIPT_NAME="/x")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]

    response = client.post(
        "/admin/login/",
        {"username": user.email, "password": PASSWORD, "next": "/admin/"},
        SCRIPT_NAME="/x",
    )
    assert response.status_code == 302
    assert not _signed_in(client)
    assert client.get("/admin/").status_code == 302


def _wsgi_call(client: Client, method: str, path_info: str, body: str = "") -> dict:
    """One request through Django's real WSGI handler, for a site mounted under /x.

    The test client never sets the script prefix; gunicorn behind a prefix-mounting proxy
    does, through WSGIHandler. The client's session cookie is sent along.
    """
    environ = RequestFactory()._base_environ(
        PATH_INFO=path_info,
        SCRIPT_NAME="/x",
        REQUEST_METHOD=method,
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(len(body)),
        HTTP_COOKIE="; ".join(f"{m.key}={m.value}" for m in client.cookies.values()),
    )
    environ["wsgi.input"] = io.BytesIO(body.encode())
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)
        answer["cookies"] = [v for k, v in headers if k == "Set-Cookie"]

    prefix = get_script_prefix()
    # As the test client does: keep the test's database transaction open.
    request_started.disconnect(close_old_connections)
    try:
        answer["body"] = b"".join(WSGIHandler()(environ, start_response)).decode()
    finally:
        request_started.connect(close_old_connections)
        set_script_prefix(prefix)  # WSGIHandler set it to /x for this thread
    return answer


def test_a_prefix_mount_does_not_serve_the_password_only_admin_login(client):
    user = make_staff(group=OPERATIONS)

    answer = _wsgi_call(client, "GET", "/admin/login/")
    assert answer["status"] == 302
    assert answer["headers"]["Location"].startswith("/x/accounts/login/")

    body = urlencode({"username": user.email, "password": PASSWORD, "next": "/x/admin/"})
    answer = _wsgi_call(client, "POST", "/admin/login/", body)
    assert answer["status"] in (302, 403)  # never a sign-in: no session cookie comes back
    assert not any("sessionid" in cookie for cookie in answer["cookies"])


@pytest.mark.parametrize("script_name", ["", "/x"])
def test_a_password_only_staff_session_opens_neither_the_admin_nor_the_kyc_pages(
    client, script_name
):
    """A session made without the code (e.g. by a login form that skipped it) is refused."""
    seller = SellerFactory(pan=PAN)
    client.force_login(make_staff(group=OPERATIONS))

    for path in ["/admin/", _kyc_page(seller), "/admin/orders/order/export/"]:
        response = client.get(path, SCRIPT_NAME=script_name)
        assert response.status_code == 302, path
        assert PAN not in response.content.decode()


def test_a_prefix_mount_keeps_the_kyc_pages_behind_the_code(client):
    seller = SellerFactory(pan=PAN)
    client.force_login(make_staff(group=OPERATIONS))

    answer = _wsgi_call(client, "GET", _kyc_page(seller))
    assert answer["status"] == 302
    assert answer["headers"]["Location"].startswith("/x/admin/login/")
    assert PAN not in answer["body"]


def test_with_the_code_the_kyc_pages_open_under_a_script_name(client):
    seller = SellerFactory(pan=PAN)
    sign_in_with_code(client, make_staff(group=OPERATIONS))
    response = client.get(_kyc_page(seller), SCRIPT_NAME="/x")
    assert response.status_code == 200
    assert PAN in response.content.decode()


def test_staff_with_a_password_only_session_are_asked_for_their_code(client):
    client.force_login(make_staff(group=CURATOR))

    response = client.get("/admin/catalog/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("mfa_reauthenticate"))

    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // 30))
    response = client.post(response.redirect_chain[-1][0], {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/admin/catalog/"
    assert client.get("/admin/catalog/").status_code == 200


def test_the_admin_login_sends_signed_in_staff_with_the_code_on(client):
    sign_in_with_code(client, make_staff(group=CURATOR))
    response = client.get("/admin/login/?next=/admin/catalog/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/catalog/"


def test_the_admin_login_ignores_an_offsite_next(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
