"""CSV export of orders for operations: one row per artisan's sub-order, streamed.

Only what operations need to reconcile and pay artisans: no buyer name, email, phone or
street address; the town, state and PIN code are enough to follow a parcel's region.
"""

import csv
import datetime
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kernel.money import format_money
from kernel.spreadsheets import safe_cell
from orders.models import SubOrder

MAX_EXPORT_DAYS = 366
#: Dates outside these cannot hold orders; near the ends of the calendar (9999-12-31) the
#: day bounds overflow, which used to break the CSV off after its first line.
FIRST_EXPORT_DAY = datetime.date(2000, 1, 1)
LAST_EXPORT_DAY = datetime.date(2099, 12, 31)


class ExportRangeForm(forms.Form):
    start = forms.DateField(
        label=_("From (placed on or after)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To (placed on or before)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        for day in (start, end):
            if day and not FIRST_EXPORT_DAY <= day <= LAST_EXPORT_DAY:
                raise ValidationError(_("Enter dates between 1 January 2000 and 31 December 2099."))
        if start and end:
            if end < start:
                raise ValidationError(_("The end date is before the start date."))
            if (end - start).days >= MAX_EXPORT_DAYS:
                raise ValidationError(
                    _("Export at most %(days)d days at a time."), params={"days": MAX_EXPORT_DAYS}
                )
        return data


def day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    """[start 00:00, the day after end 00:00) in India time, as aware datetimes."""
    tz = ZoneInfo(settings.TIME_ZONE)
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tz)
    return first, after


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer."""

    def write(self, value: str) -> str:
        return value


def header() -> list[str]:
    return [
        gettext("order number"),
        gettext("placed"),
        gettext("artisan"),
        gettext("district"),
        gettext("status"),
        gettext("items"),
        gettext("shipping"),
        gettext("total"),
        gettext("payment method"),
        gettext("payment status"),
        gettext("town or city"),
        gettext("state or union territory"),
        gettext("PIN code"),
    ]


def rows(start: datetime.date, end: datetime.date) -> Iterator[list[str]]:
    first, after = day_bounds(start, end)
    suborders = (
        SubOrder.objects.filter(order__placed_at__gte=first, order__placed_at__lt=after)
        .select_related("order", "seller__district")
        .order_by("order__placed_at", "order__pk", "pk")
    )
    for sub in suborders.iterator(chunk_size=500):
        order = sub.order
        yield [
            order.number,
            timezone.localtime(order.placed_at).strftime("%Y-%m-%d %H:%M"),
            safe_cell(sub.seller.display_name),
            sub.seller.district.name,
            sub.get_status_display(),
            format_money(sub.subtotal),
            format_money(sub.shipping),
            format_money(sub.total),
            order.get_payment_method_display(),
            order.get_payment_status_display(),
            safe_cell(order.city),
            order.get_state_display(),
            order.pin_code,
        ]


def stream_csv(start: datetime.date, end: datetime.date, language: str) -> Iterator[str]:
    """The CSV text, line by line; labels in ``language`` (rows are read while streaming)."""
    writer = csv.writer(_Echo())
    with translation.override(language):
        yield "\ufeff"  # so spreadsheet programs read Hindi text as UTF-8
        yield writer.writerow(header())
        for row in rows(start, end):
            yield writer.writerow(row)
