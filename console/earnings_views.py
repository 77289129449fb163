"""The artisan's earnings: balance, what is payable and when, payouts, monthly statements
(on the page, and as CSV and PDF in the page's language), under /sell/earnings/."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from console.access import fulfilling_seller_required
from payments import selectors, statements

logger = logging.getLogger(__name__)


def _month(request: HttpRequest, months: list[dt.date]) -> dt.date:
    raw = request.GET.get("month", "")
    try:
        chosen = dt.date.fromisoformat(f"{raw}-01") if raw else None
    except ValueError:
        chosen = None
    if chosen is None:
        chosen = months[0] if months else timezone.localdate().replace(day=1)
    return chosen


@fulfilling_seller_required
def earnings(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    months = selectors.statement_months(seller)
    month = _month(request, months)
    context = {
        "earnings": selectors.earnings_for(seller),
        "statement": selectors.statement(seller, year=month.year, month=month.month),
        "months": months,
        "month": month,
        "return_window_days": settings.RETURN_WINDOW_DAYS,
    }
    return render(request, "console/earnings.html", context)


def _statement_or_404(request: HttpRequest, year: int, month: int):
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise Http404
    return selectors.statement(request.seller, year=year, month=month)


def _download(body, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@fulfilling_seller_required
def statement_csv(request: HttpRequest, year: int, month: int) -> HttpResponse:
    statement = _statement_or_404(request, year, month)
    name = f"odop-statement-{year}-{month:02d}-{request.LANGUAGE_CODE}.csv"
    return _download(statements.statement_csv(statement), "text/csv; charset=utf-8", name)


@fulfilling_seller_required
def statement_pdf(request: HttpRequest, year: int, month: int) -> HttpResponse:
    statement = _statement_or_404(request, year, month)
    name = f"odop-statement-{year}-{month:02d}-{request.LANGUAGE_CODE}.pdf"
    try:
        body = statements.statement_pdf(statement)
    except statements.FontsMissing:
        logger.exception("Statement PDF fonts missing")
        messages.error(
            request, _("The PDF cannot be made right now. Please download the CSV instead.")
        )
        return redirect(f"{reverse('console:earnings')}?month={year}-{month:02d}#statement")
    return _download(body, "application/pdf", name)
