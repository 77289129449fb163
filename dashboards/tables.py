"""The dashboard's tables: one shape, shown as HTML and exported as CSV and Excel.

Cells hold raw values; ``text`` formats them the same way for the page and both exports
(money through kernel.money.format_money, so ₹1,24,500 reads alike everywhere).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kernel.money import format_money

TEXT, INT, MONEY, PCT, GROWTH = "text", "int", "money", "pct", "growth"
NUMERIC = {INT, MONEY, PCT, GROWTH}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    label: str
    kind: str = TEXT

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    #: Per row, a link for the first cell (the HTML page only).
    links: list[str] = field(default_factory=list)
    caption: str = ""

    def display_rows(self) -> list[list[tuple[str, bool, str]]]:
        """[(text, is numeric, link)] per cell, for the template."""
        result = []
        for index, row in enumerate(self.rows):
            link = self.links[index] if index < len(self.links) else ""
            result.append(
                [
                    (text(value, column.kind), column.is_numeric, link if n == 0 else "")
                    for n, (value, column) in enumerate(zip(row, self.columns, strict=True))
                ]
            )
        return result

    def html_rows(self) -> str:
        """The <tbody> rows, built here rather than in the template: a 75-district table
        has some 2,000 cells, and template nodes per cell would be most of the page's time."""
        out = []
        for row in self.display_rows():
            cells = []
            for n, (value, numeric, link) in enumerate(row):
                value = escape(value)
                if n == 0:
                    inner = f'<a href="{escape(link)}">{value}</a>' if link else value
                    cells.append(f'<th scope="row">{inner}</th>')
                else:
                    cells.append(
                        f'<td class="num">{value}</td>' if numeric else f"<td>{value}</td>"
                    )
            out.append(f"<tr>{''.join(cells)}</tr>")
        return mark_safe("".join(out))  # every value and link was escaped above

    def text_rows(self) -> list[list[str]]:
        return [
            [text(value, column.kind) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]


def text(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == MONEY:
        return format_money(value) or "—"
    if kind == PCT:
        return f"{Decimal(value):.1f}%"
    if kind == GROWTH:
        return f"{Decimal(value):+.1f}%".replace("-", "−")
    if kind == INT:
        return f"{value}"
    return str(value)


def _filename(table: Table, extension: str) -> str:
    return f"odop-{slugify(table.key) or 'table'}.{extension}"


def as_csv(table: Table) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that Excel reads the ₹ sign and Hindi names as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([column.label for column in table.columns])
    writer.writerows(table.text_rows())
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "csv")}"'
    return response


def as_xlsx(table: Table) -> HttpResponse:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = re.sub(r"[:\\/?*\[\]]", " ", table.title or _("Figures"))[:31]
    sheet.append([column.label for column in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(
            [
                value if column.kind == INT and value is not None else text(value, column.kind)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(table, "xlsx")}"'
    return response


def export(table: Table, file_format: str) -> HttpResponse | None:
    if file_format == "csv":
        return as_csv(table)
    if file_format == "xlsx":
        return as_xlsx(table)
    return None
