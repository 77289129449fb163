"""Who may open which console page: decorators that put the artisan on ``request.seller``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sellers.models import SellerProfile
from sellers.selectors import profile_for

Status = SellerProfile.Status

#: A suspended artisan can no longer list or publish, but still fulfils what they sold.
FULFILLING = frozenset({Status.APPROVED, Status.SUSPENDED})


def _artisan_view(
    view: Callable,
    *,
    allowed: Callable[[SellerProfile], bool],
    refusal: Callable[[SellerProfile | None], str],
    no_profile_to: str = "console:dashboard",
) -> Callable:
    """Let artisans whose profile is ``allowed`` in; tell others why and send them to the
    dashboard (or, with no profile yet, to ``no_profile_to``)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        profile = profile_for(request.user)
        if profile is None or not allowed(profile):
            messages.info(request, refusal(profile))
            return redirect(no_profile_to if profile is None else "console:dashboard")
        request.seller = profile
        return view(request, *args, **kwargs)

    return wrapper


def _listing_refusal(profile: SellerProfile | None) -> str:
    if profile is None:
        return _("Tell us about yourself first: then you can add products.")
    return _("Your shop is suspended: you cannot list products now. Your orders are still open.")


def seller_required(view: Callable) -> Callable:
    """An artisan who may list products: any profile but a suspended one."""
    return _artisan_view(
        view,
        allowed=lambda profile: profile.status != Status.SUSPENDED,
        refusal=_listing_refusal,
        no_profile_to="console:onboarding",
    )


def fulfilling_seller_required(view: Callable) -> Callable:
    """An artisan who has orders to fulfil: approved, or suspended since."""
    return _artisan_view(
        view,
        allowed=lambda profile: profile.status in FULFILLING,
        refusal=lambda profile: _("Orders appear here once your artisan profile is approved."),
    )
