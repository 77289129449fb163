"""The period a dashboard looks at, and the two it is compared with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> Period:
        """The same number of days just before."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def last_year(self) -> Period:
        return Period(_year_before(self.first), _year_before(self.last))

    def bounds(self) -> tuple[datetime, datetime]:
        """[start of first day, start of the day after last) in India time."""
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(self.first, time.min), tz)
        return start, start + timedelta(days=self.days)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The end must not be before the start."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("start", _("Choose a period of three years at most."))
        return cleaned

    def period(self) -> Period:
        """The chosen period; the last 30 days for anything missing or wrong."""
        today = timezone.localdate()
        end = today
        start = today - timedelta(days=DEFAULT_DAYS - 1)
        if self.is_bound and self.is_valid():
            end = self.cleaned_data.get("end") or end
            start = self.cleaned_data.get("start") or end - timedelta(days=DEFAULT_DAYS - 1)
            if start > end:
                start = end - timedelta(days=DEFAULT_DAYS - 1)
        return Period(start, end)


def presets(today: date | None = None) -> list[tuple[str, Period]]:
    today = today or timezone.localdate()
    return [
        (_("Last 30 days"), Period(today - timedelta(days=29), today)),
        (_("Last 90 days"), Period(today - timedelta(days=89), today)),
        (_("Last 12 months"), Period(_year_before(today) + timedelta(days=1), today)),
    ]
