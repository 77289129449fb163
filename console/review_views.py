"""Reviews of the artisan's products, and their one public reply to each, under /sell/reviews/."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.selectors import paginate
from console.access import fulfilling_seller_required
from engagement import selectors, services
from engagement.forms import ReplyForm


@fulfilling_seller_required
def review_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.seller_reviews(request.seller), request.GET.get("page"))
    context = {"page_obj": page, "reviews": page.object_list, "form": ReplyForm()}
    return render(request, "console/review_list.html", context)


@fulfilling_seller_required
@require_POST
def review_reply(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.seller_reviews(request.seller).filter(pk=pk).first()
    if review is None:
        raise Http404
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a reply first."))
        return redirect("console:reviews")
    try:
        services.reply_to_review(
            review=review, seller=request.seller, text=form.cleaned_data["reply"]
        )
    except services.ReviewError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your reply is published."))
    return redirect("console:reviews")
