"""Demo data for assisted onboarding: an ODOP helper in Varanasi and one of their
workshops with an invitation list, a few of whom are already on their way to selling."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Group

from districts.models import Craft, District
from sellers import assisted
from sellers.models import Attendee, SellerProfile, Workshop

HELPER_EMAIL = "helper@odop.example"
HELPER_GROUP = "ODOP helper"
WORKSHOP_DAY = date(2026, 11, 20)
VENUE = "Block office hall, Chiraigaon"

#: (name, mobile, village): invited people who have not started yet.
INVITED = [
    ("Shabnam Bano", "+919812300001", "Lohta"),
    ("Ramesh Kumar", "+919812300002", "Chiraigaon"),
    ("Kamla Devi", "+919812300003", "Sarnath"),
    ("Mohd. Irfan", "+919812300004", "Madanpura"),
    ("Sunita Maurya", "+919812300005", "Kotwa"),
    ("Abdul Kalam Ansari", "+919812300006", "Bajardiha"),
    ("Geeta Prajapati", "+919812300007", "Ramnagar"),
    ("Vinod Bind", "+919812300008", "Lohta"),
]


def seed_workshops(ensure_user) -> tuple[str, str] | None:
    """The helper login (email, role) and a Varanasi workshop; safe to run again."""
    district = District.objects.filter(slug="varanasi").first()
    group = Group.objects.filter(name=HELPER_GROUP).first()
    if district is None or group is None:
        return None
    helper = ensure_user(HELPER_EMAIL, "Sunita Yadav")
    helper.groups.add(group)
    assisted.assign_helper(user=helper, district=district)
    workshop, _created = Workshop.objects.get_or_create(
        district=district, held_on=WORKSHOP_DAY, venue=VENUE, defaults={"created_by": helper}
    )
    workshop.helpers.add(helper)
    craft = Craft.objects.filter(odop_products__district=district).order_by("pk").first()
    for name, mobile, village in INVITED:
        Attendee.objects.get_or_create(
            workshop=workshop,
            mobile=mobile,
            defaults={"name": name, "village": village, "craft": craft},
        )
    # Demo artisans of Varanasi attended too: their statuses fill the other columns.
    for profile in SellerProfile.objects.filter(district=district).select_related("user")[:4]:
        Attendee.objects.get_or_create(
            workshop=workshop,
            mobile=profile.mobile,
            defaults={
                "name": profile.display_name,
                "craft": profile.craft,
                "village": "Varanasi",
                "user": profile.user,
            },
        )
    return ("helper (Varanasi)", HELPER_EMAIL)
