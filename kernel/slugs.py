"""URL slugs made from names, unique per model."""

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, fallback: str, exclude_pk=None) -> str:
    """A slug from ``text`` (Latin letters only) not yet used by ``model``: 'asha', 'asha-2'…

    A Hindi-only name slugifies to nothing, so ``fallback`` (e.g. 'artisan-12') is used.
    """
    max_length = model._meta.get_field("slug").max_length - 6
    base = slugify(text)[:max_length].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
