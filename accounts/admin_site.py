"""The admin site: staff reach it only from a session that passed the two-factor code.

The admin decides access itself, from what allauth recorded when the session signed in,
so no URL, path prefix or ``SCRIPT_NAME`` can route around it. Django's own admin login
form (password only) is never served: its URL hands over to allauth's login, which asks
staff with an authenticator for their code.

Staff without an authenticator app must set one up first: they reach no admin page
until they have.
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

SET_UP_TOTP = _("Staff accounts must use two-factor authentication. Set it up to continue.")
ENTER_CODE = _("Enter the code from your authenticator app to open the admin.")
#: Caches the answer on the request: the admin asks several times per page.
_PASSED = "_staff_two_factor_passed"


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def passed_two_factor(request: HttpRequest) -> bool:
    """Whether this session's sign-in included an MFA step, for a user with TOTP set up."""
    if not hasattr(request, _PASSED):
        user = request.user
        records = get_authentication_records(request, user)
        passed = any(record.get("method") == "mfa" for record in records) and has_totp(user)
        setattr(request, _PASSED, passed)
    return getattr(request, _PASSED)


class StaffAdminSite(admin.AdminSite):
    """Django's admin, opened only to active staff whose session passed the TOTP code."""

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and passed_two_factor(request)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        """Never a password form: send each visitor to the step they are missing."""
        next_url = self._next_url(request)
        user = request.user
        if not user.is_authenticated:
            return _redirect_with_next("account_login", next_url)
        if not (user.is_active and user.is_staff):
            # Signed in but not staff: signing in again here would not make them staff.
            raise PermissionDenied
        if not has_totp(user):
            messages.warning(request, SET_UP_TOTP)
            return redirect("mfa_activate_totp")
        if not passed_two_factor(request):
            messages.info(request, ENTER_CODE)
            return _redirect_with_next("mfa_reauthenticate", next_url)
        return redirect(next_url)

    def _next_url(self, request: HttpRequest) -> str:
        next_url = request.GET.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return next_url
        return reverse("admin:index", current_app=self.name)


def _redirect_with_next(view_name: str, next_url: str) -> HttpResponse:
    return redirect(f"{reverse(view_name)}?{urlencode({'next': next_url}, safe='/')}")
