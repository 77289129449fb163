"""Read queries about artisans."""

from __future__ import annotations

from sellers.models import SellerProfile


def profile_for(user) -> SellerProfile | None:
    """The user's artisan profile, or None for a shopper who has not started onboarding."""
    if not user.is_authenticated:
        return None
    return SellerProfile.objects.select_related("district", "craft").filter(user=user).first()
