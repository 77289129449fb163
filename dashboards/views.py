"""The ODOP cell's dashboard: the state (or an officer's districts) and one district.

Views read through figures/reports (which read through the selectors of the apps below)
and write nothing but a district note.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dashboards import charts, figures, reports
from dashboards.access import dashboard_view
from dashboards.models import DistrictNote
from dashboards.periods import Period, PeriodForm, presets
from dashboards.tables import Table, export
from districts.models import District
from orders.sales_selectors import (
    monthly_sales,
    recent_district_suborders,
    top_products,
    top_sellers,
)
from sellers.selectors import artisans_of_district, district_workshops

TREND_MONTHS = 24
TOP_IN_CHART = 10


class NoteForm(forms.ModelForm):
    class Meta:
        model = DistrictNote
        fields = ["body"]
        labels = {"body": gettext_lazy("Add a note")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


def _exported(request: HttpRequest, tables: list[Table]) -> HttpResponse | None:
    key = request.GET.get("export")
    if not key:
        return None
    table = next((t for t in tables if t.key == key), None)
    response = export(table, request.GET.get("format", "")) if table else None
    if response is None:
        raise Http404
    return response


def _period_form(request: HttpRequest) -> tuple[PeriodForm, Period]:
    """The period asked for (the last 30 days by default), with the form showing it."""
    period = PeriodForm(request.GET or None).period()
    form = PeriodForm(request.GET or None, initial={"start": period.first, "end": period.last})
    return form, period


def _period_query(period: Period) -> str:
    return f"?start={period.first.isoformat()}&end={period.last.isoformat()}"


def _trend_months(period: Period, district_ids) -> list:
    first = (period.last.replace(day=1) - timedelta(days=31 * (TREND_MONTHS - 1))).replace(day=1)
    return monthly_sales(first, period.last, district_ids)


def _trend_chart(months: list) -> str:
    return charts.trend_line(
        _("Gross sales value per month (₹)"),
        [m.strftime("%m/%y") for m, _s in months],
        {_("Gross sales value"): [float(s.gross_sales) for _m, s in months]},
    )


def _sales_data(period: Period, district_ids) -> dict:
    """Everything a page needs from the rollups, cached until they change."""

    def build() -> dict:
        return {
            "rows": figures.ranked(figures.district_figures(period, district_ids)),
            "months": _trend_months(period, district_ids),
            "top_products": top_products(period.first, period.last, district_ids),
            "top_sellers": top_sellers(period.first, period.last, district_ids),
        }

    return figures.cached("sales", district_ids, period, build)


@dashboard_view
@require_http_methods(["GET", "HEAD"])
def state(request: HttpRequest) -> HttpResponse:
    form, period = _period_form(request)
    data = _sales_data(period, request.scope.ids)
    rows = data["rows"]
    total = figures.total_figures(
        rows, _("Uttar Pradesh") if request.scope.statewide else _("Your districts")
    )
    tables = [
        reports.ranking_table(rows, _period_query(period)),
        reports.division_table(figures.division_figures(rows), total),
        reports.trend_table(data["months"]),
        reports.top_products_table(data["top_products"]),
        reports.top_artisans_table(data["top_sellers"]),
        reports.workshops_table(rows, figures.workshop_figures(request.scope.ids)),
    ]
    if (response := _exported(request, tables)) is not None:
        return response
    top = [row for row in rows[:TOP_IN_CHART] if row.sales.gross_sales]
    context = {
        "form": form,
        "period": period,
        "presets": presets(),
        "total": total,
        "tables": tables,
        "ranking_chart": charts.ranking_bar(
            _("Top districts by gross sales value (₹)"),
            [r.tr("name") for r in top],
            [float(r.sales.gross_sales) for r in top],
            _("Gross sales value"),
        )
        if top
        else "",
        "trend_chart": _trend_chart(data["months"]),
        "query": _period_query(period),
        "statewide": request.scope.statewide,
    }
    return render(request, "dashboards/state.html", context)


@dashboard_view
@require_http_methods(["GET", "HEAD", "POST"])
def district(request: HttpRequest, slug: str) -> HttpResponse:
    fields = ("pk", "slug", "name", "name_hi", "division", "division_hi")
    district = get_object_or_404(District.objects.only(*fields), slug=slug)
    if not request.scope.allows(district.pk):
        raise Http404  # an officer's other districts do not exist for them
    can_write = request.user.has_perm("dashboards.add_districtnote")
    note_form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if note_form.is_valid():
            DistrictNote.objects.create(
                district=district, author=request.user, body=note_form.cleaned_data["body"]
            )
            messages.success(request, _("Your note is saved."))
            return redirect(request.get_full_path())
    form, period = _period_form(request)
    data = _sales_data(period, [district.pk])
    current = data["rows"][0] if data["rows"] else figures.Figures(name=district.name)
    tables = [
        reports.trend_table(data["months"]),
        reports.top_products_table(data["top_products"]),
        reports.top_artisans_table(data["top_sellers"]),
        reports.artisans_table(artisans_of_district(district.pk)),
        reports.orders_table(recent_district_suborders(district.pk)),
        reports.district_workshops_table(
            district_workshops(district.pk),
            figures.workshop_figures([district.pk], by="workshop_id"),
        ),
    ]
    if (response := _exported(request, tables)) is not None:
        return response
    context = {
        "district": district,
        "form": form,
        "period": period,
        "presets": presets(),
        "total": current,
        "tables": tables,
        "trend_chart": _trend_chart(data["months"]),
        "notes": DistrictNote.objects.filter(district=district)
        .select_related("author")
        .only("body", "created_at", "author__full_name", "author__email")[:20],
        "note_form": note_form if can_write else None,
        "query": _period_query(period),
        "statewide": request.scope.statewide,
    }
    return render(request, "dashboards/district.html", context)
