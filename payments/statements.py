"""An artisan's monthly statement as CSV and PDF, in the active language.

The PDF is drawn with fpdf2 using Noto Sans and Noto Sans Devanagari (fonts-noto-core)
with HarfBuzz text shaping (uharfbuzz), so Hindi conjuncts and matras render properly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from kernel.money import format_money
from kernel.spreadsheets import safe_cell
from payments.selectors import Statement


def _header() -> list[str]:
    return [_("Date"), _("Entry"), _("Order"), _("Details"), _("Amount"), _("Balance")]


def _rows(statement: Statement) -> list[list[str]]:
    return [
        [
            line.date.isoformat(),
            line.label,
            safe_cell(line.order),
            safe_cell(line.description),
            format_money(line.amount),
            format_money(line.balance),
        ]
        for line in statement.lines
    ]


def month_label(statement: Statement) -> str:
    return formats.date_format(statement.month, "YEAR_MONTH_FORMAT")


def statement_csv(statement: Statement) -> str:
    """The month's rows between its opening and closing balance (UTF-8, with a BOM so
    spreadsheet programs show Hindi properly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [_("Statement"), safe_cell(statement.seller.tr("display_name")), month_label(statement)]
    )
    for label, percent in statement.tax_rates:
        writer.writerow([_("Rate in force"), label, f"{percent}%"])
    writer.writerow(_header())
    writer.writerow(
        [
            statement.month.isoformat(),
            _("Opening balance"),
            "",
            "",
            "",
            format_money(statement.opening),
        ]
    )
    writer.writerows(_rows(statement))
    writer.writerow(["", _("Closing balance"), "", "", "", format_money(statement.closing)])
    return "\ufeff" + out.getvalue()


FONT_FILES = (
    "NotoSans-Regular.ttf",
    "NotoSans-Bold.ttf",
    "NotoSansDevanagari-Regular.ttf",
    "NotoSansDevanagari-Bold.ttf",
)


class FontsMissing(RuntimeError):
    """The Noto fonts (fonts-noto-core) are not where STATEMENT_FONT_DIR says."""


def _fonts_dir() -> Path:
    fonts = Path(settings.STATEMENT_FONT_DIR)
    missing = [name for name in FONT_FILES if not (fonts / name).is_file()]
    if missing:
        raise FontsMissing(f"{', '.join(missing)} not found in {fonts}")
    return fonts


def statement_pdf(statement: Statement) -> bytes:
    """The statement as an A4 PDF; FontsMissing if the Noto fonts are not installed."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    fonts = _fonts_dir()
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{_('Statement')} {month_label(statement)}")
    pdf.set_creator(str(settings.SITE_NAME))
    pdf.add_font("NotoSans", "", str(fonts / "NotoSans-Regular.ttf"))
    pdf.add_font("NotoSans", "B", str(fonts / "NotoSans-Bold.ttf"))
    pdf.add_font("NotoDeva", "", str(fonts / "NotoSansDevanagari-Regular.ttf"))
    pdf.add_font("NotoDeva", "B", str(fonts / "NotoSansDevanagari-Bold.ttf"))
    hindi = translation.get_language() == "hi"
    main, fallback = ("NotoDeva", "NotoSans") if hindi else ("NotoSans", "NotoDeva")
    pdf.set_fallback_fonts([fallback])
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font(main, "B", 15)
    pdf.cell(0, 9, str(settings.SITE_NAME), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(main, "B", 12)
    pdf.cell(
        0,
        8,
        f"{_('Statement')}: {statement.seller.tr('display_name')} · {month_label(statement)}",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(main, "", 9)
    for label, percent in statement.tax_rates:
        pdf.cell(0, 5, f"{_('Rate in force')}: {label} {percent}%", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(main, "", 8.5)
    heading = FontFace(emphasis="BOLD", fill_color=(238, 232, 220))
    with pdf.table(
        col_widths=(18, 34, 30, 48, 24, 26),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
        headings_style=heading,
        line_height=5.5,
    ) as table:
        table.row(_header())
        table.row(
            [
                statement.month.isoformat(),
                _("Opening balance"),
                "",
                "",
                "",
                format_money(statement.opening),
            ]
        )
        for row in _rows(statement):
            table.row(row)
        table.row(["", _("Closing balance"), "", "", "", format_money(statement.closing)])
    return bytes(pdf.output())
