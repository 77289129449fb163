"""Display helpers for catalogue templates: translated fields, rupees and responsive images."""

import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from odop_market.formats import group_indian

register = template.Library()

PLACEHOLDER = "img/product-placeholder.svg"
PLACEHOLDER_SIZE = (1200, 900)


@register.filter
def tr(obj, field: str) -> str:
    """``{{ product|tr:"title" }}``: the field in the active language, English as fallback."""
    if obj is None:
        return ""
    if hasattr(obj, "tr"):
        return obj.tr(field)
    return getattr(obj, field, "")


@register.filter
def inr(value) -> str:
    """A rupee amount with Indian digit grouping: Decimal('124500') -> '₹1,24,500.00'."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    sign = "-" if amount < 0 else ""
    whole, _, fraction = f"{abs(amount):.2f}".partition(".")
    return f"{sign}₹{group_indian(whole)}.{fraction}"


def ready_renditions(image) -> list[tuple[int, dict]]:
    """(actual width, entry) per distinct rendition, narrowest first; [] unless ready.

    Entries are keyed by the configured width but carry the real ``width`` (smaller when
    the photo itself was narrower), so several keys can share one file.
    """
    if image is None or not getattr(image, "is_ready", False) or not image.renditions:
        return []
    by_width: dict[int, dict] = {}
    for key, entry in image.renditions.items():
        if not isinstance(entry, dict):
            continue
        try:
            width = int(entry.get("width") or key)
        except (TypeError, ValueError):
            continue
        by_width.setdefault(width, entry)
    return sorted(by_width.items(), key=lambda item: item[0])


def _srcset(renditions: list[tuple[int, dict]], fmt: str) -> str:
    return ", ".join(
        f"{default_storage.url(entry[fmt])} {width}w"
        for width, entry in renditions
        if entry.get(fmt)
    )


def picture_context(image, *, alt: str, sizes: str, lazy: bool) -> dict:
    """What templates/catalog/_picture.html needs: srcsets, fallback src, explicit size."""
    renditions = ready_renditions(image)
    context = {"alt": alt, "sizes": sizes, "lazy": lazy, "ready": bool(renditions)}
    if not renditions:
        context.update(
            src=static(PLACEHOLDER), width=PLACEHOLDER_SIZE[0], height=PLACEHOLDER_SIZE[1]
        )
        return context
    width, largest = renditions[-1]
    height = largest.get("height") or (
        round(width * image.height / image.width) if image.width and image.height else width
    )
    middle = renditions[len(renditions) // 2][1]
    context.update(
        webp_srcset=_srcset(renditions, "webp"),
        jpeg_srcset=_srcset(renditions, "jpeg"),
        src=default_storage.url(middle.get("jpeg") or largest.get("jpeg")),
        width=width,
        height=height,
    )
    return context


@register.inclusion_tag("catalog/_picture.html")
def product_picture(image, alt: str = "", sizes: str = "", lazy: bool = True) -> dict:
    """A <picture> with WebP and JPEG srcsets from the renditions; a placeholder while pending.

    ``alt`` falls back to the image's own alt text in the active language.
    """
    if not alt and image is not None:
        alt = image.tr("alt_text")
    sizes = sizes or "(min-width: 72rem) 17rem, (min-width: 48rem) 30vw, 50vw"
    return picture_context(image, alt=alt, sizes=sizes, lazy=lazy)


@register.simple_tag
def first_image(product):
    """The product's first image from the prefetched ``images`` (no extra query)."""
    images = list(product.images.all())
    return images[0] if images else None


@register.filter
def json_ld(data) -> str:
    """Structured data as <script type="application/ld+json">, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_json_script_escapes)),  # escaped as json_script does
    )


@register.simple_tag
def dimensions(product) -> str:
    """'120 × 33 × 8 cm' from whichever of length, width and height are known."""
    parts = [
        f"{value.normalize():f}"
        for value in (product.length_cm, product.width_cm, product.height_cm)
        if value is not None
    ]
    return _("%(size)s cm") % {"size": " × ".join(parts)} if parts else ""
