"""Display helpers for catalogue templates: responsive product pictures, JSON-LD, sizes.

Translated fields and money are in the site-wide ``kernel`` library."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

PLACEHOLDER = "img/product-placeholder.svg"
PLACEHOLDER_SIZE = (1200, 900)


def picture_context(image, *, alt: str, sizes: str, lazy: bool) -> dict:
    """What templates/catalog/_picture.html needs: srcsets, fallback src, explicit size."""
    renditions = image.ready_renditions() if image is not None else []
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
        webp_srcset=image.srcset("webp"),
        jpeg_srcset=image.srcset("jpeg"),
        src=image.rendition_url(middle) or image.rendition_url(largest),
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


#: Per-visitor slots: ``<!--visitor:<kind>:<product id>-->``. Cached catalogue fragments
#: are the same for everyone, so anything that depends on who is looking (a saved-product
#: heart, a "tell me when it is back" button, both carrying a CSRF token) is left as this
#: marker and filled in per request, after the page is assembled, by a middleware of an
#: app above the catalogue (engagement.middleware, wired in settings.MIDDLEWARE). Without
#: it the marker stays an invisible comment.
VISITOR_SLOT = "<!--visitor:{kind}:{pk}-->"


@register.simple_tag
def visitor_slot(kind: str, pk: int) -> str:
    return mark_safe(VISITOR_SLOT.format(kind=kind, pk=int(pk)))


@register.inclusion_tag("catalog/_rating.html")
def rating_summary(product, size: str = "small") -> dict:
    """Stars, average and count of a product's published reviews; nothing without any."""
    return {"average": product.rating_average, "count": product.rating_count, "size": size}
