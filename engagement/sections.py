"""The reviews section of the product page (catalog.extensions, settings
CATALOG_PRODUCT_SECTIONS). Cached with the page, so nothing here depends on the visitor."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext

from engagement.selectors import REVIEW_ORDERS, REVIEWS_ON_PRODUCT_PAGE, published_reviews

#: Reviews repeated in the product's JSON-LD.
JSON_LD_REVIEWS = 5


def review_json_ld(review) -> dict:
    return {
        "@type": "Review",
        "author": {"@type": "Person", "name": review.author_name or gettext("A buyer")},
        "datePublished": review.created_at.date().isoformat(),
        "reviewBody": review.text,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": review.rating,
            "bestRating": 5,
            "worstRating": 1,
        },
    }


def product_reviews(request: HttpRequest, product) -> dict:
    order = request.GET.get("reviews", "newest")
    if order not in REVIEW_ORDERS:
        order = "newest"
    # The one query runs whatever the count, so the page's query count stays flat.
    reviews = list(published_reviews(product.pk, order)[:REVIEWS_ON_PRODUCT_PAGE])
    context = {"product": product, "reviews": reviews, "order": order}
    html = render_to_string("engagement/_product_reviews.html", context, request)
    json_ld = {"review": [review_json_ld(r) for r in reviews[:JSON_LD_REVIEWS]]} if reviews else {}
    return {"html": html, "json_ld": json_ld}
