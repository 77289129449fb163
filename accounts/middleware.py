"""Staff must turn on two-factor authentication before they reach the admin."""

from collections.abc import Callable
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.messages.storage import default_storage
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path, gettext


def _admin_subpath(path: str) -> str | None:
    """The part of ``path`` after ``/admin`` (with or without a language prefix), or None."""
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    if path.startswith("/admin/"):
        return path[len("/admin") :]
    return None


class StaffTwoFactorMiddleware:
    """Keep the admin behind allauth's login, and send staff without TOTP to set it up.

    Django's own admin login form checks only the password, so it would let a staff
    member in without their code: it is replaced by allauth's login, which asks for the
    code of anyone with an authenticator. Staff without one may not open any admin page
    until they have set it up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        subpath = _admin_subpath(request.path)
        if subpath is None:
            return self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = user is not None and user.is_authenticated
        if subpath == "/login/":
            return self._admin_login(request, authenticated and user.is_staff, authenticated)
        if (
            authenticated
            and user.is_staff
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return self._to_setup(request)
        return self.get_response(request)

    def _admin_login(self, request: HttpRequest, is_staff: bool, authenticated: bool):
        if is_staff:
            return redirect("admin:index")
        if authenticated:
            # Signed in but not staff: logging in again here would skip the code.
            raise PermissionDenied
        next_url = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = ""
        return redirect(
            f"{reverse('account_login')}?{urlencode({'next': next_url or '/admin/'}, safe='/')}"
        )

    def _to_setup(self, request: HttpRequest) -> HttpResponse:
        # This middleware may run before MessageMiddleware: bring the message store along.
        own_store = not hasattr(request, "_messages")
        if own_store:
            request._messages = default_storage(request)
        messages.warning(
            request,
            gettext("Staff accounts must use two-factor authentication. Set it up to continue."),
        )
        response = redirect("mfa_activate_totp")
        if own_store:
            request._messages.update(response)
        return response
