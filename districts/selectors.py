"""Read queries about the reference data and who covers which district."""

from __future__ import annotations

from districts.models import District, DistrictOfficerAssignment


def officer_district_ids(user) -> frozenset[int]:
    """The districts a district officer is assigned to (empty for anyone else)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(
        DistrictOfficerAssignment.objects.filter(user=user).values_list("district_id", flat=True)
    )


def districts_in(district_ids=None) -> list[District]:
    """The districts (all 75, or those given), by division and name, without their stories."""
    districts = District.objects.only("pk", "slug", "name", "name_hi", "division", "division_hi")
    if district_ids is not None:
        districts = districts.filter(pk__in=list(district_ids))
    return list(districts.order_by("division", "name"))
