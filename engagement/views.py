"""Reviews, the wishlist and stock alerts. Views parse input, call services and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalog.models import Product
from catalog.selectors import get_live_product, paginate
from engagement import alerts, selectors, services
from engagement.forms import ReportForm, ReviewForm
from engagement.models import Review
from orders.services import CheckoutError


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form was on (a path on this site only), else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return HttpResponseRedirect(fallback)


def _live_product(pk: str | None) -> Product:
    try:
        pk = int(pk or "")
    except ValueError:
        raise Http404 from None
    product = Product.objects.live().filter(pk=pk).first()
    if product is None:
        raise Http404
    return product


# --- Wishlist -----------------------------------------------------------------------


def wishlist(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        products = selectors.wishlist_products(user=request.user)
    else:
        ids = sorted(services.saved_product_ids(user=None, session=request.session))
        products = selectors.wishlist_products(ids=ids)
    return render(request, "engagement/wishlist.html", {"products": products})


@require_POST
def wishlist_toggle(request: HttpRequest) -> HttpResponse:
    product = _live_product(request.POST.get("product"))
    saved = services.toggle_saved(user=request.user, session=request.session, product=product)
    if saved:
        messages.success(request, _("Saved to your wishlist."))
    else:
        messages.info(request, _("Removed from your wishlist."))
    return _back(request, product.get_absolute_url())


@require_POST
def wishlist_move_to_cart(request: HttpRequest) -> HttpResponse:
    product = _live_product(request.POST.get("product"))
    try:
        services.move_to_cart(user=request.user, session=request.session, product=product)
    except CheckoutError as error:
        messages.error(request, error.message)
        return redirect("engagement:wishlist")
    request.session.pop("cart_count", None)
    messages.success(request, _("Moved to your cart."))
    return redirect("engagement:wishlist")


# --- Stock alerts -------------------------------------------------------------------


@login_required
@require_POST
def stock_alert(request: HttpRequest) -> HttpResponse:
    product = _live_product(request.POST.get("product"))
    if request.POST.get("cancel"):
        alerts.cancel_stock_alert(user=request.user, product=product)
        messages.info(request, _("We will not email you about this product."))
    else:
        try:
            alerts.ask_for_stock_alert(user=request.user, product=product)
        except alerts.AlertError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, _("We will email you once when it is back in stock."))
    return _back(request, product.get_absolute_url())


# --- Reviews ------------------------------------------------------------------------


@login_required
def review_create(request: HttpRequest, line_id: int) -> HttpResponse:
    mine = Review.objects.filter(order_line_id=line_id, author=request.user).first()
    if mine is not None:  # the order page links every delivered line: edit the review
        return redirect("engagement:review_edit", pk=mine.pk)
    try:
        line = services.reviewable_line(user=request.user, line_id=line_id)
    except services.ReviewError as error:
        messages.error(request, error.message)
        return redirect("orders:order_list")
    form = ReviewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.create_review(
                author=request.user,
                line_id=line.pk,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                photos=form.cleaned_data["photos"] or [],
            )
        except services.ReviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you! Your review is published."))
            return redirect(review.product.get_absolute_url() + "#reviews")
    return render(
        request, "engagement/review_form.html", {"form": form, "line": line, "review": None}
    )


@login_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.own_review(user=request.user, pk=pk)
    if review is None:
        raise Http404
    if not services.can_edit(review):
        messages.info(request, _("A review can be edited for 30 days after it was written."))
        return redirect(review.product.get_absolute_url())
    initial = {"rating": review.rating, "text": review.text}
    form = ReviewForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_review(
                review=review,
                author=request.user,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                photos=form.cleaned_data["photos"] or [],
            )
        except services.ReviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your review is updated."))
            return redirect(review.product.get_absolute_url() + "#reviews")
    context = {"form": form, "line": review.order_line, "review": review}
    return render(request, "engagement/review_form.html", context)


@login_required
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("product"), pk=pk, is_published=True)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_review(
            review=review, reporter=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Thank you. Our team will look at this review."))
        return redirect(review.product.get_absolute_url() + "#reviews")
    return render(request, "engagement/review_report.html", {"form": form, "review": review})


@require_GET
def product_reviews(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_live_product(slug)
    order = request.GET.get("reviews", "newest")
    if order not in selectors.REVIEW_ORDERS:
        order = "newest"
    page = paginate(selectors.published_reviews(product.pk, order), request.GET.get("page"))
    context = {
        "product": product,
        "page_obj": page,
        "reviews": page.object_list,
        "order": order,
        "page_query": f"reviews={order}",
    }
    return render(request, "engagement/product_reviews.html", context)
