"""Read queries about artisans."""

from __future__ import annotations

from django.db.models import Count, F

from sellers.models import (
    AssistedAction,
    Attendee,
    GIAuthorisedUser,
    HelperAssignment,
    SellerProfile,
    Workshop,
)


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


# Workshops and assisted onboarding ------------------------------------------------------

#: An attendee's way to selling, in order; "first sale" is told by orders (the caller).
ATTENDEE_STATUSES = ("invited", "started", "submitted", "approved", "first_sale")

_PROFILE_TO_ATTENDEE = {
    SellerProfile.Status.DRAFT: "started",
    SellerProfile.Status.REJECTED: "started",  # correcting the application
    SellerProfile.Status.PENDING: "submitted",
    SellerProfile.Status.APPROVED: "approved",
    SellerProfile.Status.SUSPENDED: "approved",
}


def attendee_status(
    *, has_account: bool, profile_id: int | None, profile_status: str | None, sold: set[int]
) -> str:
    """invited → started (consent given, or a profile draft) → submitted → approved →
    first_sale (an approved artisan with a sub-order that was not cancelled)."""
    if profile_id is None:
        return "started" if has_account else "invited"
    status = _PROFILE_TO_ATTENDEE.get(profile_status, "started")
    if status == "approved" and profile_id in sold:
        return "first_sale"
    return status


def helper_district_ids(user) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        HelperAssignment.objects.filter(user=user).values_list("district_id", flat=True)
    )


def helper_workshops(district_ids):
    """Workshops in the given districts, newest first, with their number of attendees."""
    return (
        Workshop.objects.filter(district_id__in=list(district_ids))
        .select_related("district")
        .annotate(attendee_count=Count("attendees"))
        .order_by("-held_on", "-pk")
    )


def workshop_attendees(workshop_id: int):
    """A workshop's attendees by name with their craft and, once onboarding has started,
    their artisan profile's id and status (one query)."""
    return (
        Attendee.objects.filter(workshop_id=workshop_id)
        .select_related("craft")
        .annotate(
            profile_id=F("user__seller_profile__id"),
            profile_status=F("user__seller_profile__status"),
        )
        .order_by("name", "pk")
    )


def with_statuses(attendees, sold: set[int]) -> list:
    """The attendees (from ``workshop_attendees``), each with ``status`` set."""
    rows = list(attendees)
    for attendee in rows:
        attendee.status = attendee_status(
            has_account=attendee.user_id is not None,
            profile_id=attendee.profile_id,
            profile_status=attendee.profile_status,
            sold=sold,
        )
    return rows


def status_counts(rows) -> dict[str, int]:
    counts = dict.fromkeys(ATTENDEE_STATUSES, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def workshop_attendance(district_ids=None):
    """Every attendee of the districts' workshops with its workshop id and district id, for
    the ODOP cell's figures: one query (statuses are set by ``with_statuses``)."""
    attendees = Attendee.objects.all()
    if district_ids is not None:
        attendees = attendees.filter(workshop__district_id__in=list(district_ids))
    return attendees.annotate(
        district_id=F("workshop__district_id"),
        profile_id=F("user__seller_profile__id"),
        profile_status=F("user__seller_profile__status"),
    ).only("pk", "workshop_id", "user_id")


def assisted_actions_for(user_id: int, limit: int = 50):
    """What helpers did on this artisan's account: who, when, at which workshop."""
    return (
        AssistedAction.objects.filter(artisan_id=user_id)
        .select_related("helper", "workshop__district")
        .only(
            "action", "detail", "created_at", "helper__full_name", "helper__email",
            "workshop__held_on", "workshop__venue",
            "workshop__district__name", "workshop__district__name_hi",
        )
        .order_by("-created_at", "-pk")[:limit]
    )  # fmt: skip


def workshops_per(district_ids=None, *, by: str = "district_id") -> dict[int, int]:
    """{district id: workshops held}, or {workshop id: 1} with ``by="workshop_id"``."""
    workshops = Workshop.objects.all()
    if district_ids is not None:
        workshops = workshops.filter(district_id__in=list(district_ids))
    if by == "workshop_id":
        return dict.fromkeys(workshops.values_list("pk", flat=True), 1)
    rows = workshops.values("district_id").annotate(n=Count("pk")).order_by()
    return {row["district_id"]: row["n"] for row in rows}


def district_workshops(district_id: int, limit: int = 50):
    """A district's workshops, newest first (date and venue)."""
    return Workshop.objects.filter(district_id=district_id).only("pk", "held_on", "venue")[:limit]
