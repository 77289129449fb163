"""Read queries for the seller pages."""

from __future__ import annotations

from django.db.models import Case, Count, Prefetch, Q, QuerySet, When
from django.shortcuts import get_object_or_404

from catalog.models import Product, ProductImage
from sellers.models import SellerProfile

#: A ready-to-ship product with this many pieces or fewer gets a warning on the dashboard.
LOW_STOCK = 3

_READY = Product.Fulfilment.READY
_PUBLISHED = Product.Status.PUBLISHED


def profile_for(user) -> SellerProfile | None:
    """The user's artisan profile, or None for a shopper who has not started onboarding."""
    if not user.is_authenticated:
        return None
    return SellerProfile.objects.select_related("district", "craft").filter(user=user).first()


def seller_products(seller: SellerProfile) -> QuerySet[Product]:
    """The artisan's own listings with their photos, newest first, archived last."""
    return (
        Product.objects.filter(seller=seller)
        .select_related("craft")
        .prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "pk"))
        )
        .alias(is_archived=Case(When(status=Product.Status.ARCHIVED, then=1), default=0))
        .order_by("is_archived", "-created_at", "-pk")
    )


def own_product(seller: SellerProfile, pk: int) -> Product:
    """One of the artisan's products; 404 for anyone else's, so ids reveal nothing."""
    return get_object_or_404(
        Product.objects.select_related("seller", "district", "craft", "gi_tag"),
        pk=pk,
        seller=seller,
    )


def product_counts(seller: SellerProfile) -> dict[str, int]:
    """Live, draft, out-of-stock and low-stock counts, in one query."""
    ready_live = Q(status=_PUBLISHED, fulfilment=_READY)
    return Product.objects.filter(seller=seller).aggregate(
        live=Count("pk", filter=Q(status=_PUBLISHED)),
        draft=Count("pk", filter=Q(status=Product.Status.DRAFT)),
        out_of_stock=Count("pk", filter=ready_live & Q(stock=0)),
        low_stock=Count("pk", filter=ready_live & Q(stock__gt=0, stock__lte=LOW_STOCK)),
    )


def low_stock_products(seller: SellerProfile, limit: int = 10) -> list[Product]:
    """Ready-to-ship products with few or no pieces left, the emptiest first."""
    return list(
        Product.objects.filter(
            seller=seller, status__in=[_PUBLISHED, Product.Status.DRAFT], fulfilment=_READY
        )
        .filter(stock__lte=LOW_STOCK)
        .order_by("stock", "pk")[:limit]
    )
