"""A helper's pages at district workshops (/sell/workshops/…): record a workshop, import
its attendee list, and onboard an artisan who is present, on the artisan's own account.

Every page checks the helper role and the helper's districts (another district's workshop
or artisan answers 404). No step for an artisan opens before the artisan's consent code
was verified (``assisted.active_consent``); each step reuses the artisan's own forms and
services, and leaves an audit row the artisan sees on their dashboard.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

import tablib
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog import selectors as listings
from catalog import services as catalog
from catalog.models import Product
from catalog.services import NewImage
from console.assist_forms import (
    AttendeeFileForm,
    CameraPhotoForm,
    ConsentCodeForm,
    StartOnboardingForm,
    WorkshopForm,
)
from console.forms import BusinessForm, ProfileForm
from console.listing_forms import ProductForm
from districts.models import District
from orders.sales_selectors import sellers_with_a_sale
from sellers import assisted, selectors, services
from sellers.attendee_import import (
    COLUMNS,
    ImportFileError,
    import_attendees,
    preview_attendees,
    read_dataset,
)
from sellers.models import AssistedAction, AssistedConsent, Attendee, SellerProfile, Workshop

Action = AssistedAction.Action
IMPORT_SESSION_KEY = "workshop_import"


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "console/assist_refused.html", {"message": message}, status=403)


def helper_required(view: Callable) -> Callable:
    """ODOP helpers only; their districts are on ``request.helper_districts``."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not assisted.is_helper(request.user):
            return _refused(
                request,
                _("These pages are for ODOP helpers. Ask the ODOP cell to make you a helper."),
            )
        request.helper_districts = selectors.helper_district_ids(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _workshop(request: HttpRequest, pk: int) -> Workshop:
    """The workshop, if it is in one of the helper's districts (else it does not exist)."""
    workshop = get_object_or_404(Workshop.objects.select_related("district"), pk=pk)
    if workshop.district_id not in request.helper_districts:
        raise Http404
    return workshop


def _consent(request: HttpRequest, artisan_id: int) -> AssistedConsent | None:
    consent = assisted.active_consent(helper=request.user, artisan_id=artisan_id)
    if consent is None or consent.workshop.district_id not in request.helper_districts:
        return None
    return consent


def assisted_step(view: Callable) -> Callable:
    """A step done for an artisan: only with their valid consent to this helper."""

    @helper_required
    @wraps(view)
    def wrapper(request: HttpRequest, artisan_id: int, *args, **kwargs) -> HttpResponse:
        consent = _consent(request, artisan_id)
        if consent is None:
            return _refused(
                request,
                _(
                    "The artisan has not given consent to you yet (or it was more than 12 "
                    "hours ago). Send a code to their mobile from the workshop page first."
                ),
            )
        request.consent = consent
        request.artisan_profile = selectors.profile_for(consent.artisan)
        if request.artisan_profile and (
            request.artisan_profile.district_id not in request.helper_districts
        ):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# Workshops ----------------------------------------------------------------------------------


@helper_required
def workshop_list(request: HttpRequest) -> HttpResponse:
    districts = District.objects.filter(pk__in=list(request.helper_districts)).order_by("name")
    return render(
        request,
        "console/workshop_list.html",
        {
            "workshops": selectors.helper_workshops(request.helper_districts),
            "districts": districts,
        },
    )


@helper_required
def workshop_create(request: HttpRequest) -> HttpResponse:
    form = WorkshopForm(
        request.POST or None, district_ids=request.helper_districts, helper=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workshop = assisted.record_workshop(
            by=request.user,
            district=data["district"],
            held_on=data["held_on"],
            venue=data["venue"],
            helpers=data.get("helpers") or (),
        )
        messages.success(request, _("The workshop is recorded. Now add its attendees."))
        return redirect("console:workshop", pk=workshop.pk)
    if not request.helper_districts:
        messages.info(request, _("No district is assigned to you yet. Ask the ODOP cell."))
    return render(request, "console/workshop_form.html", {"form": form})


@helper_required
def workshop_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk)
    attendees = list(selectors.workshop_attendees(workshop.pk))
    sold = sellers_with_a_sale(a.profile_id for a in attendees)
    rows = selectors.with_statuses(attendees, sold)
    return render(
        request,
        "console/workshop_detail.html",
        {
            "workshop": workshop,
            "attendees": rows,
            "counts": selectors.status_counts(rows),
            # Whom this helper may carry on with, without a new code
            "consented": assisted.consented_artisan_ids(
                helper=request.user, workshop_id=workshop.pk
            ),
            "helpers": workshop.helpers.order_by("full_name"),
        },
    )


@helper_required
def workshop_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload → a preview with the validation report (nothing written) → confirm."""
    workshop = _workshop(request, pk)
    form = AttendeeFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            dataset = read_dataset(form.cleaned_data["file"])
        except ImportFileError as error:
            form.add_error("file", error)
        else:
            report = preview_attendees(workshop=workshop, dataset=dataset)
            request.session[IMPORT_SESSION_KEY] = {
                "workshop": workshop.pk,
                "rows": [list(row) for row in dataset],
            }
    return render(
        request,
        "console/workshop_import.html",
        {"workshop": workshop, "form": form, "report": report},
    )


@helper_required
@require_POST
def workshop_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _workshop(request, pk)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    if pending.get("workshop") != workshop.pk:
        messages.error(request, _("Upload the file again: its preview was not found."))
        return redirect("console:workshop_import", pk=workshop.pk)
    dataset = tablib.Dataset(*[tuple(r) for r in pending["rows"]], headers=list(COLUMNS))
    report = import_attendees(workshop=workshop, dataset=dataset)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(
        request,
        _("Attendees imported: %(new)d new, %(updated)d updated, %(same)d already there.")
        % {"new": report.new, "updated": report.updated, "same": report.unchanged},
    )
    if report.bad_rows:
        messages.warning(
            request,
            _("%(n)d rows were left out: correct them in the file and import it again.")
            % {"n": len(report.bad_rows)},
        )
    return redirect("console:workshop", pk=workshop.pk)


# Consent ------------------------------------------------------------------------------------


@helper_required
def consent_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the artisan's mobile (from the attendee list, or a walk-in): a code is sent."""
    workshop = _workshop(request, pk)
    initial = {}
    attendee_id = request.GET.get("attendee", "")
    if attendee_id.isdigit():
        attendee = Attendee.objects.filter(workshop=workshop, pk=attendee_id).first()
        if attendee:
            initial = {"name": attendee.name, "mobile": attendee.mobile}
    form = StartOnboardingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consent = assisted.request_consent_code(
                helper=request.user,
                workshop=workshop,
                mobile=form.cleaned_data["mobile"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("A code was sent by SMS to the artisan's mobile."))
            return redirect("console:consent_verify", pk=consent.pk)
    return render(request, "console/consent_start.html", {"workshop": workshop, "form": form})


@helper_required
def consent_verify(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(
        AssistedConsent.objects.select_related("workshop__district"), pk=pk, helper=request.user
    )
    if consent.workshop.district_id not in request.helper_districts:
        raise Http404
    form = ConsentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent = assisted.verify_consent(
                consent=consent, helper=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, _("Consent recorded. Fill in the application together."))
            return redirect("console:assist", artisan_id=consent.artisan_id)
    return render(request, "console/consent_verify.html", {"consent": consent, "form": form})


# The artisan's steps, done with them ----------------------------------------------------------


@assisted_step
def assist(request: HttpRequest) -> HttpResponse:
    """The artisan's application as the helper sees it: numbers masked, drafts, history."""
    profile = request.artisan_profile
    return render(
        request,
        "console/assist.html",
        {
            "consent": request.consent,
            "profile": profile,
            "missing": services.missing_for_submission(profile) if profile else ["profile"],
            "products": listings.seller_products(profile) if profile else [],
            "actions": selectors.assisted_actions_for(request.consent.artisan_id),
            "editable": profile is None or profile.status in services.EDITABLE_STATUSES,
        },
    )


def _not_editable(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("The application has been sent; it can no longer be changed here."))
    return redirect("console:assist", artisan_id=request.consent.artisan_id)


@assisted_step
def assist_profile(request: HttpRequest) -> HttpResponse:
    consent, profile = request.consent, request.artisan_profile
    if profile and profile.status not in services.EDITABLE_STATUSES:
        return _not_editable(request)
    instance = profile or SellerProfile(
        user=consent.artisan, mobile=consent.mobile, district=consent.workshop.district
    )
    form = ProfileForm(request.POST or None, request.FILES or None, instance=instance)
    form.fields["district"].queryset = form.fields["district"].queryset.filter(
        pk__in=list(request.helper_districts)
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.save_profile_step(profile=form.save(commit=False))
            assisted.record_action(consent=consent, action=Action.PROFILE)
        messages.success(request, _("Saved. Now the business and bank details."))
        return redirect("console:assist_business", artisan_id=consent.artisan_id)
    return render(
        request, "console/assist_step.html", {"consent": consent, "form": form, "step": "profile"}
    )


@assisted_step
def assist_business(request: HttpRequest) -> HttpResponse:
    consent, profile = request.consent, request.artisan_profile
    if profile is None:
        return redirect("console:assist_profile", artisan_id=consent.artisan_id)
    if profile.status not in services.EDITABLE_STATUSES:
        return _not_editable(request)
    form = BusinessForm(request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.save_business_step(profile=profile, data=form.cleaned_data)
            assisted.record_action(consent=consent, action=Action.BUSINESS)
        messages.success(request, _("Saved. The numbers are now shown hidden, even to you."))
        return redirect("console:assist", artisan_id=consent.artisan_id)
    return render(
        request, "console/assist_step.html", {"consent": consent, "form": form, "step": "business"}
    )


@assisted_step
def assist_product(request: HttpRequest) -> HttpResponse:
    """A first product as a draft, with a photo taken with the phone's camera."""
    consent, profile = request.consent, request.artisan_profile
    if profile is None:
        return redirect("console:assist_profile", artisan_id=consent.artisan_id)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ProductForm(data, files, instance=Product(seller=profile), seller=profile)
    photo = CameraPhotoForm(data, files, prefix="photo")
    if request.method == "POST" and form.is_valid() and photo.is_valid():
        image = NewImage(
            photo.cleaned_data["file"],
            photo.cleaned_data["alt_text"],
            photo.cleaned_data["alt_text_hi"],
        )
        try:
            with transaction.atomic():
                product = catalog.create_product(
                    seller=profile,
                    product=form.save(commit=False),
                    status=Product.Status.DRAFT,
                    images=[image],
                )
                assisted.record_action(
                    consent=consent, action=Action.PRODUCT, detail=product.display_title
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("“%(title)s” is saved as a draft.") % {"title": product.display_title}
            )
            return redirect("console:assist", artisan_id=consent.artisan_id)
    return render(
        request,
        "console/assist_product.html",
        {"consent": consent, "form": form, "photo": photo, "profile": profile},
    )


@assisted_step
@require_POST
def assist_submit(request: HttpRequest) -> HttpResponse:
    consent, profile = request.consent, request.artisan_profile
    if profile is None:
        return redirect("console:assist_profile", artisan_id=consent.artisan_id)
    try:
        with transaction.atomic():
            services.submit_application(profile=profile)
            assisted.record_action(consent=consent, action=Action.SUBMITTED)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application is sent to ODOP staff."))
    return redirect("console:assist", artisan_id=consent.artisan_id)
