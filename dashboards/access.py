"""Who sees which districts on the dashboard.

Curators and operations (``view_statewide_dashboard``) see every district. A district
officer (``view_district_dashboard``) sees only the districts assigned to them; any other
district answers 404, whatever the URL or query string. Everyone else is refused.
The dashboard lives under /admin/ and lets in only whom the admin site itself would
(``admin.site.has_permission``: active staff whose session passed the code step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from districts.selectors import officer_district_ids


@dataclass(frozen=True)
class Scope:
    statewide: bool
    district_ids: frozenset[int] = frozenset()

    @property
    def ids(self) -> frozenset[int] | None:
        """The districts to filter on, or None for all of them."""
        return None if self.statewide else self.district_ids

    def allows(self, district_id: int) -> bool:
        return self.statewide or district_id in self.district_ids


def scope_for(user) -> Scope | None:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return None
    if user.has_perm("dashboards.view_statewide_dashboard"):
        return Scope(statewide=True)
    if user.has_perm("dashboards.view_district_dashboard"):
        return Scope(statewide=False, district_ids=officer_district_ids(user))
    return None


def dashboard_view(view: Callable) -> Callable:
    """Sign in first (through the admin's sign-in, with its code step); then the scope is
    on ``request.scope``, or the request is refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not admin.site.has_permission(request):
            if request.user.is_authenticated and not request.user.is_staff:
                raise PermissionDenied
            # Not signed in, or staff without the code step: the admin's sign-in asks for it.
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        scope = scope_for(request.user)
        if scope is None:
            raise PermissionDenied
        request.scope = scope
        return view(request, *args, **kwargs)

    return wrapper
