"""The console's dashboard and the onboarding steps. Listings are in listing_views.py,
orders to fulfil in order_views.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import selectors as listings
from console.forms import BusinessForm, ProfileForm
from orders.return_selectors import returns_to_act_count
from orders.selectors import seller_dashboard_figures
from sellers import assisted, services
from sellers.models import SellerProfile
from sellers.selectors import assisted_actions_for, profile_for

Status = SellerProfile.Status


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """What state the artisan is in and what happens next; the figures once approved."""
    profile = profile_for(request.user)
    context: dict = {
        "profile": profile,
        # What ODOP helpers did on this account at workshops: who, when, where.
        "assisted_actions": list(assisted_actions_for(request.user.pk)),
        # Helpers are rarely artisans themselves: only someone who is not yet selling is
        # asked (one query for their permissions) and shown the way to the workshops.
        "is_helper": profile is None and assisted.is_helper(request.user),
    }
    if profile and profile.status in (Status.APPROVED, Status.SUSPENDED):
        context["counts"] = listings.product_counts(profile)
        context["low_stock"] = listings.low_stock_products(profile)
        context["low_stock_limit"] = listings.LOW_STOCK
        context["orders"] = seller_dashboard_figures(profile)
        context["returns_to_act"] = returns_to_act_count(profile)
    if profile and profile.status in services.EDITABLE_STATUSES:
        context["resume_step"] = _resume_step(profile)
    return render(request, "console/dashboard.html", context)


def _resume_step(profile: SellerProfile | None) -> str:
    if profile is None:
        return "profile"
    if services.missing_for_submission(profile) and profile.onboarding_step == "review":
        return services.missing_for_submission(profile)[0]
    return profile.onboarding_step if profile.onboarding_step in services.STEPS else "profile"


def _step_list(profile: SellerProfile | None, current: str) -> list[dict]:
    """The progress bar: each step, whether it can be opened, and which one is current."""
    reached = services.STEPS.index(_resume_step(profile)) if profile else 0
    titles = {
        "profile": _("About you"),
        "business": _("Business and bank"),
        "review": _("Check and send"),
    }
    return [
        {
            "key": key,
            "number": index + 1,
            "title": titles[key],
            "current": key == current,
            "done": index < reached,
            "reachable": index <= reached,
        }
        for index, key in enumerate(services.STEPS)
    ]


@login_required
def onboarding(request: HttpRequest) -> HttpResponse:
    """Resume where the artisan left off."""
    profile = profile_for(request.user)
    if profile and profile.status not in services.EDITABLE_STATUSES:
        return redirect("console:dashboard")
    return redirect("console:onboarding_step", step=_resume_step(profile))


@login_required
def onboarding_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in services.STEPS:
        raise Http404
    profile = profile_for(request.user)
    if profile and profile.status not in services.EDITABLE_STATUSES:
        messages.info(request, _("Your application has been sent. You cannot change it now."))
        return redirect("console:dashboard")
    if services.STEPS.index(step) > services.STEPS.index(_resume_step(profile)):
        return redirect("console:onboarding_step", step=_resume_step(profile))
    handler = {"profile": _profile_step, "business": _business_step, "review": _review_step}
    return handler[step](request, profile)


def _render_step(request, profile, step: str, context: dict) -> HttpResponse:
    context.update(
        {
            "profile": profile,
            "step": step,
            "steps": _step_list(profile, step),
            "step_number": services.STEPS.index(step) + 1,
            "step_total": len(services.STEPS),
        }
    )
    return render(request, f"console/onboarding_{step}.html", context)


def _profile_step(request, profile: SellerProfile | None) -> HttpResponse:
    instance = profile or SellerProfile(user=request.user)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_profile_step(profile=form.save(commit=False))
        messages.success(request, _("Saved. You can stop here and come back later."))
        return redirect("console:onboarding_step", step="business")
    return _render_step(request, profile, "profile", {"form": form})


def _business_step(request, profile: SellerProfile) -> HttpResponse:
    form = BusinessForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        services.save_business_step(profile=profile, data=form.cleaned_data)
        messages.success(request, _("Saved. Check your details and send your application."))
        return redirect("console:onboarding_step", step="review")
    return _render_step(request, profile, "business", {"form": form})


def _review_step(request, profile: SellerProfile) -> HttpResponse:
    return _render_step(
        request, profile, "review", {"missing": services.missing_for_submission(profile)}
    )


@login_required
@require_POST
def onboarding_submit(request: HttpRequest) -> HttpResponse:
    profile = profile_for(request.user)
    if profile is None:
        return redirect("console:onboarding")
    try:
        services.submit_application(profile=profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("console:onboarding")
    messages.success(request, _("Thank you! Your application has been sent to ODOP Market."))
    return redirect("console:dashboard")
