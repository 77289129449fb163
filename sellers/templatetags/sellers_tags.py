"""Template helpers for the seller pages."""

from django import template

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """``{{ district|tr:"name" }}``: the field in the active language, English as fallback."""
    if obj is None:
        return ""
    return obj.tr(field)


@register.filter
def thumb_url(image) -> str:
    """URL of the smallest processed rendition, or "" while the photo is being prepared.

    The uploaded file is never shown: until processing strips its metadata, it may
    still carry the GPS position of the artisan's home.
    """
    if not image or not image.is_ready or not image.renditions:
        return ""
    smallest = min(image.renditions, key=lambda key: int(key) if str(key).isdigit() else 10**6)
    name = image.renditions[smallest].get("jpeg") or image.renditions[smallest].get("webp")
    return image.original.storage.url(name) if name else ""
