"""Orders an artisan has to fulfil: only their own sub-orders, under /sell/orders/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from console.access import fulfilling_seller_required
from console.forms import CancelForm, ShipForm
from orders import returns, selectors, services
from orders.fulfilment import TRANSITIONS
from orders.models import PackingPhoto, SubOrder

#: Buttons on the detail page: posted action → the status it moves to.
ACTIONS = {
    "accept": SubOrder.Status.ACCEPTED,
    "ship": SubOrder.Status.SHIPPED,
    "deliver": SubOrder.Status.DELIVERED,
    "cancel": SubOrder.Status.CANCELLED,
}


@fulfilling_seller_required
def suborder_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in SubOrder.Status.values:
        status = ""
    page = Paginator(selectors.suborders_for_seller(request.seller, status), 20).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "suborders": page.object_list,
        "status": status,
        "statuses": SubOrder.Status.choices,
        "page_query": urlencode({"status": status}) if status else "",
    }
    return render(request, "console/order_list.html", context)


@fulfilling_seller_required
def suborder_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suborder = selectors.suborder_for_seller(request.seller, pk)
    if suborder is None:
        raise Http404
    protection = {
        "protected": returns.is_protected(suborder),
        "has_photos": bool(suborder.packing_photos.all()),
    }
    ship_form, cancel_form = ShipForm(**protection), CancelForm()
    if request.method == "POST":
        action = request.POST.get("action", "")
        ship_form = ShipForm(
            request.POST if action == "ship" else None,
            request.FILES if action == "ship" else None,
            **protection,
        )
        cancel_form = CancelForm(request.POST if action == "cancel" else None)
        if _apply(request, suborder, action, ship_form, cancel_form):
            return redirect(suborder.get_seller_url())
    allowed = TRANSITIONS[suborder.status]
    context = {
        "suborder": suborder,
        "order": suborder.order,
        "ship_form": ship_form,
        "cancel_form": cancel_form,
        "can": {name: status in allowed for name, status in ACTIONS.items()},
        "protected": protection["protected"],
        "threshold": returns.protection_threshold(),
    }
    return render(request, "console/order_detail.html", context)


def _apply(request, suborder, action, ship_form, cancel_form) -> bool:
    """Run the posted action; True when done (or refused with a message), False to re-show."""
    if action not in ACTIONS:
        messages.error(request, _("Choose what to do with this order."))
        return True
    extra, packing_photos = {}, []
    if action == "ship":
        if not ship_form.is_valid():
            return False
        extra = dict(ship_form.cleaned_data)
        packing_photos = extra.pop("packing_photos")
    if action == "cancel":
        if not cancel_form.is_valid():
            return False
        extra = {"note": cancel_form.cleaned_data["reason"]}
    try:
        with transaction.atomic():  # photos and the shipping go in together, or neither
            returns.save_photos(PackingPhoto, packing_photos, suborder=suborder)
            services.transition_suborder(
                suborder=suborder, to_status=ACTIONS[action], by=request.user, **extra
            )
    except services.TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Order updated: %(status)s.") % {"status": SubOrder.Status(ACTIONS[action]).label},
        )
    return True
