"""Read queries about artisans."""

from __future__ import annotations

from django.db.models import Count

from sellers.models import GIAuthorisedUser, SellerProfile


def profile_for(user) -> SellerProfile | None:
    """The user's artisan profile, or None for a shopper who has not started onboarding."""
    if not user.is_authenticated:
        return None
    return SellerProfile.objects.select_related("district", "craft").filter(user=user).first()


def verified_gi_authorisations(gi_tag_id: int):
    """The verified authorised users of a GI tag whose artisan is approved, by name."""
    return (
        GIAuthorisedUser.objects.filter(
            gi_tag_id=gi_tag_id,
            status=GIAuthorisedUser.Status.VERIFIED,
            seller__status=SellerProfile.Status.APPROVED,
        )
        .select_related("seller__district", "seller__craft")
        .defer(
            "seller__udyam_number", "seller__gstin", "seller__pan", "seller__bank_account_number"
        )
        .order_by("seller__display_name", "pk")
    )


def artisans_by_status(district_ids=None) -> dict[int, dict[str, int]]:
    """{district id: {status: number of artisans}} in one grouped query."""
    profiles = SellerProfile.objects.all()
    if district_ids is not None:
        profiles = profiles.filter(district_id__in=list(district_ids))
    result: dict[int, dict[str, int]] = {}
    for row in profiles.values("district_id", "status").annotate(n=Count("pk")).order_by():
        result.setdefault(row["district_id"], {})[row["status"]] = row["n"]
    return result


def new_artisans(start, end, district_ids=None) -> dict[int, int]:
    """{district id: artisans who signed up in [start, end)} (aware datetimes)."""
    profiles = SellerProfile.objects.filter(created_at__gte=start, created_at__lt=end)
    if district_ids is not None:
        profiles = profiles.filter(district_id__in=list(district_ids))
    rows = profiles.values("district_id").annotate(n=Count("pk")).order_by()
    return {row["district_id"]: row["n"] for row in rows}


def artisans_of_district(district_id: int, limit: int = 50):
    """A district's artisans for its officer: name, craft, status, newest first."""
    return (
        SellerProfile.objects.filter(district_id=district_id)
        .select_related("craft")
        .only("pk", "slug", "display_name", "display_name_hi", "status", "created_at",
              "craft__name", "craft__name_hi")
        .order_by("-created_at", "-pk")[:limit]
    )  # fmt: skip


def artisans_by_id(ids) -> dict[int, SellerProfile]:
    """Names and districts of the given artisans (for tables of top sellers)."""
    return {
        p.pk: p
        for p in SellerProfile.objects.filter(pk__in=list(ids))
        .select_related("district")
        .only("pk", "slug", "status", "display_name", "display_name_hi",
              "district__name", "district__name_hi")
    }  # fmt: skip
