"""Returns an artisan has to answer, under /sell/returns/: only their own."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from console.access import fulfilling_seller_required
from console.forms import PickupForm, ReceivedForm, RejectReturnForm
from orders import return_selectors, returns
from orders.models import ReturnRequest

R = ReturnRequest.Status


@fulfilling_seller_required
def return_list(request: HttpRequest) -> HttpResponse:
    to_act = request.GET.get("show") != "all"
    qs = return_selectors.returns_for_seller(request.seller, to_act_only=to_act)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    context = {"page": page, "returns": page.object_list, "to_act": to_act}
    return render(request, "console/return_list.html", context)


def _own_return(request: HttpRequest, pk: int) -> ReturnRequest:
    return_request = return_selectors.return_for_seller(request.seller, pk)
    if return_request is None:
        raise Http404
    return return_request


@fulfilling_seller_required
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return_request = _own_return(request, pk)
    return render(request, "console/return_detail.html", _context(return_request))


def _context(return_request: ReturnRequest, **forms) -> dict:
    allowed = returns.TRANSITIONS[return_request.status]
    return {
        "ret": return_request,
        "suborder": return_request.suborder,
        "order": return_request.suborder.order,
        "reject_form": forms.get("reject_form") or RejectReturnForm(),
        "pickup_form": forms.get("pickup_form") or PickupForm(),
        "received_form": forms.get("received_form") or ReceivedForm(),
        "can": {
            "decide": return_request.status == R.REQUESTED,
            "pickup": R.PICKUP in allowed,
            "receive": R.RECEIVED in allowed,
        },
    }


@fulfilling_seller_required
@require_POST
def return_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept, refuse (with a reason), book the pickup, or mark the item received."""
    return_request = _own_return(request, pk)
    action = request.POST.get("action", "")
    forms = {
        "reject": ("reject_form", RejectReturnForm),
        "pickup": ("pickup_form", PickupForm),
        "receive": ("received_form", ReceivedForm),
    }
    data = {}
    if action in forms:
        name, form_class = forms[action]
        form = form_class(request.POST)
        if not form.is_valid():
            context = _context(return_request, **{name: form})
            return render(request, "console/return_detail.html", context, status=400)
        data = form.cleaned_data
    try:
        if action == "accept":
            returns.accept_return(return_request=return_request, by=request.user)
        elif action == "reject":
            returns.reject_return(
                return_request=return_request,
                by=request.user,
                reason=data["reason"],
                note=data["note"],
            )
        elif action == "pickup":
            returns.book_pickup(return_request=return_request, by=request.user, **data)
        elif action == "receive":
            returns.mark_received(
                return_request=return_request, by=request.user, is_resellable=data["is_resellable"]
            )
        else:
            messages.error(request, _("Choose what to do with this return."))
            return redirect(return_request.get_seller_url())
    except returns.ReturnError as error:
        messages.error(request, error.message)
    else:
        return_request.refresh_from_db()
        messages.success(
            request,
            _("Return updated: %(status)s.") % {"status": return_request.get_status_display()},
        )
    return redirect(return_request.get_seller_url())
