from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dashboards.tables import GROWTH, text

register = template.Library()


@register.simple_tag
def growth(value, label) -> str:
    """'+12.5% vs previous period', coloured by direction; '— (no sales before)' when
    there is nothing to compare with."""
    if value is None:
        return format_html('<span class="meta">— {} ({})</span>', label, _("nothing to compare"))
    css = "growth-up" if value > 0 else "growth-down" if value < 0 else "meta"
    return format_html('<span class="{}">{} {}</span>', css, text(value, GROWTH), label)


@register.filter
def artisans_in(figures, status: str) -> int:
    return figures.artisans_in(status)
