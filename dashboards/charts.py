"""Server-rendered SVG charts (pygal), shown as <img> with a data: URI.

An <img> keeps the chart's own styles and scripts out of the page, so the site's
Content-Security-Policy holds; the same numbers are always in a table beside it. Charts
are cached by their data, so a page view renders one only when its figures changed.
"""

from __future__ import annotations

import hashlib
import json

import pygal
from django.core.cache import cache
from pygal.style import Style

from kernel.money import group_indian

CHART_SECONDS = 60 * 60

STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f1a17",
    foreground_strong="#1f1a17",
    foreground_subtle="#5c534d",
    colors=("#8a2b06", "#0b6e4f", "#1a56db"),
    font_family='system-ui, "Noto Sans", "Noto Sans Devanagari", sans-serif',
    label_font_size=15,
    major_label_font_size=15,
    value_font_size=14,
    legend_font_size=15,
    title_font_size=18,
    tooltip_font_size=14,
)

CONFIG = {
    "style": STYLE,
    "js": [],  # no script: an <img> would not run it anyway
    "disable_xml_declaration": False,
    "show_legend": True,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 1,
    "truncate_label": 14,
    # Drawn at about a phone's width, so that its text stays readable when the <img> is
    # scaled to the screen; wider screens show it at most 48rem wide.
    "width": 420,
    "height": 340,
    "margin": 12,
    "print_values": False,
}


def rupees_short(value: float | None) -> str:
    """Axis labels: 12,50,000 → '12.5 L', 45,000 → '45,000' (lakh is how India reads it)."""
    if value is None:
        return ""
    if abs(value) >= 100_000:
        return f"{value / 100_000:.1f} L"
    return group_indian(str(int(value)))


def _cached(kind: str, payload: dict, render) -> str:
    raw = json.dumps({"kind": kind, **payload}, sort_keys=True, default=str)
    key = "dashboard:chart:" + hashlib.sha256(raw.encode()).hexdigest()
    uri = cache.get(key)
    if uri is None:
        uri = render()
        cache.set(key, uri, CHART_SECONDS)
    return uri


def ranking_bar(title: str, labels: list[str], values: list[float], series: str) -> str:
    """A horizontal bar per district (the top ones), largest on top."""

    def render() -> str:
        config = {**CONFIG, "show_legend": False, "height": 90 + 30 * max(len(labels), 1)}
        # Flipped: the "x" options are the value axis here. Four rupee labels, no more.
        chart = pygal.HorizontalBar(
            title=title,
            value_formatter=rupees_short,
            show_minor_x_labels=False,
            x_labels_major_count=4,
            **config,
        )
        chart.x_labels = list(reversed(labels))
        chart.add(series, list(reversed(values)))
        return chart.render_data_uri()

    return _cached("bar", {"t": title, "l": labels, "v": values, "s": series}, render)


def trend_line(title: str, labels: list[str], series: dict[str, list[float]]) -> str:
    """Monthly lines (e.g. sales this year and the year before)."""

    def render() -> str:
        chart = pygal.Line(
            title=title,
            x_label_rotation=-45,
            show_minor_x_labels=False,
            dots_size=3,
            value_formatter=rupees_short,
            show_minor_y_labels=False,
            y_labels_major_count=5,
            **CONFIG,
        )
        chart.x_labels = labels
        chart.x_labels_major_every = max(1, len(labels) // 4)
        for name, values in series.items():
            chart.add(name, values)
        return chart.render_data_uri()

    return _cached("line", {"t": title, "l": labels, "s": series}, render)
