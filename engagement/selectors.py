"""Reads: a product's published reviews, a shopper's saved products, an artisan's reviews."""

from __future__ import annotations

from django.db.models import QuerySet

from catalog.models import Product
from engagement.models import Review, StockAlert, WishlistItem
from orders.models import OrderLine, SubOrder

#: Reviews shown on the product page itself; the rest are on the product's review page.
REVIEWS_ON_PRODUCT_PAGE = 10
REVIEW_ORDERS = {
    "newest": ("-created_at", "-pk"),
    "photos": ("-has_photos", "-created_at", "-pk"),
}


def published_reviews(product_id: int, order: str = "newest") -> QuerySet[Review]:
    """A product's published reviews, newest first or with photos first: one query."""
    return (
        Review.objects.filter(product_id=product_id, is_published=True)
        .defer("hidden_reason")
        .order_by(*REVIEW_ORDERS.get(order, REVIEW_ORDERS["newest"]))
    )


def reviewable_lines(*, user, product_id: int) -> list[OrderLine]:
    """The user's delivered lines of this product that have no review yet."""
    return list(
        OrderLine.objects.filter(
            product_id=product_id,
            suborder__order__buyer_id=user.pk,
            suborder__status=SubOrder.Status.DELIVERED,
            review__isnull=True,
        ).order_by("pk")
    )


def wishlist_products(*, ids: list[int] | None = None, user=None) -> list[Product]:
    """Saved products as cards, with today's price and stock, most recently saved first.

    Products no longer on sale are left out (they may come back)."""
    if user is not None and user.is_authenticated:
        ids = list(
            WishlistItem.objects.filter(user=user)
            .order_by("-added_at", "-pk")
            .values_list("product_id", flat=True)
        )
    ids = ids or []
    by_pk = {p.pk: p for p in Product.objects.live().cards().filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def has_waiting_alert(*, user, product_id: int) -> bool:
    return StockAlert.objects.filter(
        user=user, product_id=product_id, notified_at__isnull=True
    ).exists()


def seller_reviews(seller) -> QuerySet[Review]:
    """Reviews of an artisan's products, unanswered first, for the console."""
    return (
        Review.objects.filter(product__seller=seller, is_published=True)
        .select_related("product")
        .order_by("replied_at", "-created_at", "-pk")
    )


def own_review(*, user, pk: int) -> Review | None:
    return Review.objects.select_related("product").filter(pk=pk, author=user).first()
