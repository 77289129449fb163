"""The dashboard's tables, built from its figures. Each one is shown on the page and can be
downloaded as CSV or Excel (``?export=<key>&format=csv|xlsx``)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards.figures import STATUSES, Figures, WorkshopFigures
from dashboards.tables import GROWTH, INT, MONEY, PCT, Column, Table
from orders.sales_selectors import Sales, TopSeller
from sellers.models import SellerProfile
from sellers.selectors import ATTENDEE_STATUSES, artisans_by_id


def _sales_columns() -> list[Column]:
    return [
        Column(_("Orders"), INT),
        Column(_("Units sold"), INT),
        Column(_("Gross sales value"), MONEY),
        Column(_("Average order value"), MONEY),
        Column(_("Sales vs previous period"), GROWTH),
        Column(_("Sales vs same period last year"), GROWTH),
        Column(_("Orders vs previous period"), GROWTH),
        Column(_("Orders vs same period last year"), GROWTH),
        Column(_("Cancellation rate"), PCT),
        Column(_("Return rate"), PCT),
    ]


def _sales_cells(f: Figures) -> list:
    s = f.sales
    return [
        s.orders,
        s.units,
        s.gross_sales,
        s.average_order_value,
        f.growth_previous,
        f.growth_last_year,
        f.orders_growth_previous,
        f.orders_growth_last_year,
        s.cancellation_rate,
        s.return_rate,
    ]


def _artisan_columns() -> list[Column]:
    labels = dict(SellerProfile.Status.choices)
    return [
        Column(_("Live listings"), INT),
        *[Column(_("Artisans: %(status)s") % {"status": labels[s]}, INT) for s in STATUSES],
        Column(_("New artisans"), INT),
    ]


def _artisan_cells(f: Figures) -> list:
    return [f.live_listings, *[f.artisans_in(s) for s in STATUSES], f.new_artisans]


def ranking_table(rows: list[Figures], query: str) -> Table:
    """The districts by gross sales value; each links to its page (same period)."""
    return Table(
        key="ranking",
        title=_("Districts ranked by gross sales value"),
        columns=[
            Column(_("District")),
            Column(_("Rank"), INT),
            Column(_("Division")),
            *_sales_columns(),
            *_artisan_columns(),
        ],
        rows=[
            [f.tr("name"), rank, f.tr("division"), *_sales_cells(f), *_artisan_cells(f)]
            for rank, f in enumerate(rows, start=1)
        ],
        links=[reverse("dashboards:district", kwargs={"slug": f.district.slug}) + query
               for f in rows],
    )  # fmt: skip


def division_table(rows: list[Figures], total: Figures) -> Table:
    return Table(
        key="divisions",
        title=_("Divisions"),
        columns=[Column(_("Division")), *_sales_columns(), *_artisan_columns()],
        rows=[[f.tr("name"), *_sales_cells(f), *_artisan_cells(f)] for f in [*rows, total]],
    )


def trend_table(months: list[tuple[date, Sales]], key: str = "trend") -> Table:
    return Table(
        key=key,
        title=_("Sales per month"),
        columns=[
            Column(_("Month")),
            Column(_("Orders"), INT),
            Column(_("Units sold"), INT),
            Column(_("Gross sales value"), MONEY),
            Column(_("Average order value"), MONEY),
            Column(_("Cancellation rate"), PCT),
            Column(_("Return rate"), PCT),
        ],
        rows=[
            [
                month.strftime("%Y-%m"),
                s.orders,
                s.units,
                s.gross_sales,
                s.average_order_value,
                s.cancellation_rate,
                s.return_rate,
            ]
            for month, s in months
        ],
    )


def top_products_table(products: list[TopSeller]) -> Table:
    artisans = artisans_by_id({p.seller_id for p in products})
    rows = []
    for p in products:
        artisan = artisans.get(p.seller_id)
        title = p.title_hi if (_is_hindi() and p.title_hi) else p.title
        rows.append(
            [title or "—", artisan.tr("display_name") if artisan else "—", p.units, p.gross_sales]
        )
    return Table(
        key="top-products",
        title=_("Top products"),
        columns=[
            Column(_("Product")),
            Column(_("Artisan")),
            Column(_("Units sold"), INT),
            Column(_("Gross sales value"), MONEY),
        ],
        rows=rows,
    )


def top_artisans_table(sellers: list[dict]) -> Table:
    artisans = artisans_by_id({s["seller_id"] for s in sellers})
    rows = []
    for s in sellers:
        artisan = artisans.get(s["seller_id"])
        name = artisan.tr("display_name") if artisan else "—"
        district = artisan.district.tr("name") if artisan else "—"
        rows.append([name, district, s["units"], s["gross"]])
    return Table(
        key="top-artisans",
        title=_("Top artisans"),
        columns=[
            Column(_("Artisan")),
            Column(_("District")),
            Column(_("Units sold"), INT),
            Column(_("Gross sales value"), MONEY),
        ],
        rows=rows,
    )


def artisans_table(artisans) -> Table:
    return Table(
        key="artisans",
        title=_("Artisans"),
        columns=[
            Column(_("Artisan")),
            Column(_("Craft")),
            Column(_("Status")),
            Column(_("Joined")),
        ],
        rows=[
            [
                a.tr("display_name"),
                a.craft.tr("name"),
                a.get_status_display(),
                a.created_at.date().isoformat(),
            ]
            for a in artisans
        ],  # fmt: skip
    )


def orders_table(suborders) -> Table:
    return Table(
        key="orders",
        title=_("Latest orders"),
        columns=[
            Column(_("Order")),
            Column(_("Placed")),
            Column(_("Artisan")),
            Column(_("Status")),
            Column(_("Total"), MONEY),
        ],
        rows=[
            [
                s.order.number,
                s.order.placed_at.date().isoformat(),
                s.seller.tr("display_name"),
                s.get_status_display(),
                s.total,
            ]
            for s in suborders
        ],  # fmt: skip
    )


def _is_hindi() -> bool:
    return get_language() == "hi"


def _workshop_columns() -> list[Column]:
    return [
        Column(_("Attendees"), INT),
        Column(_("Invited"), INT),
        Column(_("Started"), INT),
        Column(_("Submitted"), INT),
        Column(_("Approved"), INT),
        Column(_("First sale"), INT),
    ]


def _workshop_cells(w: WorkshopFigures) -> list:
    return [w.attendees, *(w.statuses[status] for status in ATTENDEE_STATUSES)]


def workshops_table(rows: list[Figures], workshops: dict[int, WorkshopFigures]) -> Table:
    """Per district with workshops: how many, and where their attendees are now."""
    with_workshops = [f for f in rows if f.district and f.district.pk in workshops]
    with_workshops.sort(key=lambda f: (-workshops[f.district.pk].attendees, f.name))
    return Table(
        key="workshops",
        title=_("Workshops and their attendees"),
        columns=[Column(_("District")), Column(_("Workshops"), INT), *_workshop_columns()],
        rows=[
            [f.tr("name"), workshops[f.district.pk].workshops,
             *_workshop_cells(workshops[f.district.pk])]
            for f in with_workshops
        ],
        caption=_("Each attendee counts once, at the step they have reached."),
    )  # fmt: skip


def district_workshops_table(workshop_list, workshops: dict[int, WorkshopFigures]) -> Table:
    """One district's workshops, newest first, with where their attendees are now."""
    empty = WorkshopFigures()
    return Table(
        key="workshops",
        title=_("Workshops and their attendees"),
        columns=[Column(_("Date")), Column(_("Venue")), *_workshop_columns()],
        rows=[
            [w.held_on.isoformat(), w.venue, *_workshop_cells(workshops.get(w.pk, empty))]
            for w in workshop_list
        ],
    )
