"""Cart, checkout and a buyer's orders. Views parse input, call services and render."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.services import save_address
from catalog.models import Product
from orders import returns, selectors, services
from orders.evidence import MODELS as EVIDENCE_MODELS
from orders.forms import (
    AddressForm,
    AddToCartForm,
    CartQuantityForm,
    CheckoutForm,
    DisputeForm,
    ReturnForm,
)
from orders.fulfilment import BUYER_CANCELLABLE
from orders.models import CartItem, Order, OrderLine, ReturnRequest
from orders.payments import get_payment_method
from orders.return_selectors import mark_returnable

CHECKOUT_KEY = "checkout_key"


def remember_cart_count(request: HttpRequest, count: int) -> None:
    """Keep the item count in the session, so the header shows it without a query."""
    request.session["cart_count"] = count


def cart(request: HttpRequest) -> HttpResponse:
    summary = selectors.cart_summary(selectors.cart_for_request(request))
    if summary.count != request.session.get("cart_count", 0):
        remember_cart_count(request, summary.count)
    return render(request, "orders/cart.html", {"summary": summary})


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        if "product" in form.errors:
            messages.error(request, _("This product is no longer available."))
        else:
            messages.error(request, _("Choose a quantity of at least 1."))
        return redirect("orders:cart")
    product = Product.objects.live().filter(pk=form.cleaned_data["product"]).first()
    if product is None:
        messages.error(request, _("This product is no longer available."))
        return redirect("orders:cart")
    cart = services.get_or_create_cart(user=request.user, session=request.session)
    try:
        item = services.add_to_cart(
            cart=cart, product=product, quantity=form.cleaned_data["quantity"]
        )
    except services.CheckoutError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(product)s is in your cart (%(count)d).")
            % {"product": product.display_title, "count": item.quantity},
        )
    remember_cart_count(request, sum(cart.items.values_list("quantity", flat=True)))
    return redirect("orders:cart")


def _own_item(request: HttpRequest, pk: int) -> CartItem:
    cart = selectors.cart_for_request(request)
    if cart is None:
        raise Http404
    return get_object_or_404(CartItem.objects.select_related("product"), pk=pk, cart=cart)


@require_POST
def cart_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_item(request, pk)
    form = CartQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a quantity of 0 or more."))
        return redirect("orders:cart")
    try:
        services.set_cart_quantity(item=item, quantity=form.cleaned_data["quantity"])
    except services.CheckoutError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your cart is updated."))
    remember_cart_count(request, sum(item.cart.items.values_list("quantity", flat=True)))
    return redirect("orders:cart")


@require_POST
def cart_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _own_item(request, pk)
    cart = item.cart
    services.set_cart_quantity(item=item, quantity=0)
    messages.success(request, _("Removed from your cart."))
    remember_cart_count(request, sum(cart.items.values_list("quantity", flat=True)))
    return redirect("orders:cart")


@login_required
def checkout(request: HttpRequest) -> HttpResponse:
    addresses = list(request.user.addresses.all())
    if request.method == "POST":
        form = CheckoutForm(request.POST, addresses=addresses)
        address_form = AddressForm(request.POST if form.wants_new_address else None, prefix="new")
        if form.is_valid() and (not form.wants_new_address or address_form.is_valid()):
            response = _place(request, form, address_form)
            if response is not None:
                return response
    else:
        key = request.session.setdefault(CHECKOUT_KEY, secrets.token_urlsafe(24))
        form = CheckoutForm(addresses=addresses, initial={"idempotency_key": key})
        address_form = AddressForm(prefix="new")
    summary = selectors.cart_summary(selectors.cart_for_request(request))
    if not summary.lines and request.method == "GET":
        messages.info(request, _("Your cart is empty."))
        return redirect("orders:cart")
    context = {"form": form, "address_form": address_form, "summary": summary}
    return render(request, "orders/checkout.html", context)


def _place(request: HttpRequest, form: CheckoutForm, address_form: AddressForm):
    """Place the order; on a refusal, add the reason to the form and return None."""
    saved = form.saved_address()
    address = services.ShippingAddress.from_address(saved or address_form.instance)
    try:
        with transaction.atomic():
            order = services.place_order(
                buyer=request.user,
                cart=services.get_or_create_cart(user=request.user),
                address=address,
                idempotency_key=form.cleaned_data["idempotency_key"],
                payment_method=form.cleaned_data["payment_method"],
            )
            if saved is None and address_form.cleaned_data.get("save_address"):
                save_address(user=request.user, address=address_form.instance)
    except services.CheckoutError as error:
        form.add_error(None, error.message)
        return None
    request.session.pop(CHECKOUT_KEY, None)
    remember_cart_count(request, 0)
    if order.payment_status != Order.PaymentStatus.AWAITING:  # prepaid: thanked once paid
        messages.success(
            request, _("Thank you! Your order %(number)s is placed.") % {"number": order.number}
        )
    return redirect(get_payment_method(order.payment_method).next_url(order))


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.orders_for_buyer(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "orders/order_list.html", {"page": page, "orders": page.object_list})


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = selectors.order_for_buyer(request.user, number)
    if order is None:
        raise Http404
    mark_returnable(order, timezone.localdate())
    statuses = {s.status for s in order.suborders.all()}
    can_cancel_all = bool(statuses & BUYER_CANCELLABLE) and not statuses & {
        "shipped",
        "delivered",
    }
    method = get_payment_method(order.payment_method)
    context = {
        "order": order,
        "can_cancel_all": can_cancel_all,
        "payment_lines": method.status_lines(order),
        "pay_url": method.next_url(order) if order.payment_status == "awaiting" else "",
        "dispute_form": DisputeForm(),
    }
    return render(request, "orders/order_detail.html", context)


@login_required
@require_POST
def order_cancel(request: HttpRequest, number: str) -> HttpResponse:
    """Cancel one artisan's part (``suborder`` posted) or the whole order."""
    order = get_object_or_404(Order, number=number, buyer=request.user)
    reason = _("Cancelled by the buyer")
    suborder_id = request.POST.get("suborder", "")
    try:
        if suborder_id:
            suborder = get_object_or_404(order.suborders, pk=_int(suborder_id))
            if suborder.status not in BUYER_CANCELLABLE:
                raise services.TransitionError(
                    _("This part has already shipped and can no longer be cancelled.")
                )
            services.transition_suborder(
                suborder=suborder, to_status="cancelled", by=request.user, note=reason
            )
        else:
            services.cancel_order(order=order, by=request.user, reason=reason)
    except services.TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Cancelled. The artisan has been told."))
    return redirect(order)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


# --- returns -------------------------------------------------------------------------


def _own_line(request: HttpRequest, number: str, line_id: int) -> OrderLine:
    """A line of one of the buyer's own orders; anyone else's is a 404."""
    return get_object_or_404(
        OrderLine.objects.select_related("suborder__order", "suborder__seller"),
        pk=line_id,
        suborder__order__number=number,
        suborder__order__buyer=request.user,
    )


@login_required
def return_create(request: HttpRequest, number: str, line_id: int) -> HttpResponse:
    """Ask to return items of one delivered line, with photos (and, for COD, a payout)."""
    line = _own_line(request, number, line_id)
    suborder, order = line.suborder, line.suborder.order
    last_day = returns.window_closes_on(suborder)
    available = returns.returnable_quantity(line)
    refusal = ""
    if last_day is None:
        refusal = _("You can ask for a return once the parcel has been delivered.")
    elif timezone.localdate() > last_day:
        refusal = _("The time to return this item has passed.")
    elif available == 0:
        refusal = _("A return of this item has already been asked for.")
    if refusal:
        messages.error(request, refusal)
        return redirect(order)
    form_kwargs = {
        "line": line,
        "needs_payout": order.payment_method == "cod",
        "protected": returns.is_protected(suborder),
        "available": available,
    }
    if request.method == "POST":
        form = ReturnForm(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                returns.request_return(
                    line=line,
                    buyer=request.user,
                    quantity=form.cleaned_data["quantity"],
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"],
                    photos=form.cleaned_data["photos"],
                    payout=form.payout(),
                )
            except returns.ReturnError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your return is asked for. The artisan has been told."))
                return redirect(order)
    else:
        form = ReturnForm(**form_kwargs)
    context = {
        "order": order,
        "line": line,
        "form": form,
        "last_day": last_day,
        "protected": form_kwargs["protected"],
        "refund_amount": line.unit_price,
    }
    return render(request, "orders/return_form.html", context)


@login_required
@require_POST
def return_dispute(request: HttpRequest, number: str, pk: int) -> HttpResponse:
    return_request = get_object_or_404(
        ReturnRequest.objects.select_related("suborder__order"),
        pk=pk,
        suborder__order__number=number,
        buyer=request.user,
    )
    form = DisputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you disagree with the artisan."))
        return redirect(return_request.suborder.order)
    try:
        returns.dispute_return(
            return_request=return_request, by=request.user, note=form.cleaned_data["note"]
        )
    except returns.ReturnError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Our team will look at the return and decide."))
    return redirect(return_request.suborder.order)


def _may_see_evidence(user, photo) -> bool:
    suborder = photo.suborder if photo.kind == "packing" else photo.return_request.suborder
    return (
        user.has_perm("orders.view_returnrequest")
        or suborder.order.buyer_id == user.pk
        or suborder.seller.user_id == user.pk
    )


@login_required
def evidence_photo(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A return or packing photo's rendition, to its buyer, its artisan and operations."""
    model = EVIDENCE_MODELS.get(kind)
    if model is None:
        raise Http404
    related = "suborder" if kind == "packing" else "return_request__suborder"
    photo = (
        model.objects.select_related(f"{related}__order", f"{related}__seller")
        .filter(pk=pk)
        .first()
    )
    if photo is None or not photo.is_ready or not _may_see_evidence(request.user, photo):
        raise Http404
    response = FileResponse(photo.rendition.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response
