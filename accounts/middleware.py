"""Staff must turn on two-factor authentication before they reach the admin."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import get_language_from_path, gettext


def _is_admin_path(path: str) -> bool:
    language = get_language_from_path(path)
    if language:
        path = path[len(language) + 1 :]
    return path.startswith("/admin/")


class StaffTwoFactorMiddleware:
    """Send staff without an authenticator app set up to set one up, before any admin page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and _is_admin_path(request.path)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.warning(
                request,
                gettext(
                    "Staff accounts must use two-factor authentication. Set it up to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
