"""Read queries and structured data for the events pages and the GI pages."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from catalog.models import Event, Product
from catalog.sorting import NEWEST_FIRST, VERIFIED_GI
from districts.models import District, GITag
from sellers.models import SellerProfile
from sellers.selectors import verified_gi_authorisations

# --- Events ---------------------------------------------------------------------------


def events_by_status(today: date | None = None) -> dict[str, list[Event]]:
    """Published events split into on now, upcoming (soonest first) and past (latest first)."""
    today = today or timezone.localdate()
    events = list(Event.objects.published().order_by("starts_on", "pk"))
    on_now = [e for e in events if e.status_on(today) == Event.Status.ON_NOW]
    upcoming = [e for e in events if e.status_on(today) == Event.Status.UPCOMING]
    past = [e for e in reversed(events) if e.status_on(today) == Event.Status.PAST]
    return {"on_now": on_now, "upcoming": upcoming, "past": past}


def current_or_next_event(today: date | None = None) -> Event | None:
    """The event on now (the one that ends soonest), else the next one, else None."""
    today = today or timezone.localdate()
    on_now = (
        Event.objects.published()
        .filter(starts_on__lte=today, ends_on__gte=today)
        .order_by("ends_on", "pk")
        .first()
    )
    if on_now is not None:
        return on_now
    return Event.objects.published().filter(starts_on__gt=today).order_by("starts_on", "pk").first()


def get_published_event(slug: str) -> Event:
    event = (
        Event.objects.published()
        .filter(slug=slug)
        .select_related("collection")
        .prefetch_related(
            Prefetch("districts", queryset=District.objects.order_by("name")),
            Prefetch(
                "artisans",
                queryset=SellerProfile.objects.filter(status=SellerProfile.Status.APPROVED)
                .select_related("craft", "district")
                .order_by("display_name"),
            ),
        )
        .first()
    )
    if event is None:
        raise Http404
    return event


def event_products(event: Event, limit: int = 24) -> list[Product]:
    """The live products shown: those picked for the event, else its collection's."""
    products = Product.objects.live().cards()
    picked = list(products.filter(events=event).order_by(*NEWEST_FIRST)[:limit])
    if picked or event.collection_id is None or not event.collection.is_published:
        return picked
    return list(
        products.filter(collectionitem__collection_id=event.collection_id).order_by(
            "collectionitem__position", "collectionitem__pk"
        )[:limit]
    )


def event_json_ld(request: HttpRequest, event: Event) -> dict:
    """A schema.org Event (an exhibition, attended in person) at its venue."""
    data = {
        "@context": "https://schema.org",
        "@type": "ExhibitionEvent",
        "name": event.tr("name"),
        "description": event.tr("summary") or event.tr("story")[:300],
        "startDate": event.starts_on.isoformat(),
        "endDate": event.ends_on.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": request.build_absolute_uri(event.get_absolute_url()),
        "location": {
            "@type": "Place",
            "name": event.tr("venue"),
            "address": {
                "@type": "PostalAddress",
                "addressLocality": event.tr("city"),
                "addressRegion": "Uttar Pradesh",
                "addressCountry": "IN",
            },
        },
        "organizer": {"@type": "Organization", "name": "ODOP Market"},
    }
    if event.map_url:
        data["location"]["hasMap"] = event.map_url
    if event.hero_image:
        data["image"] = [request.build_absolute_uri(event.hero_image.url)]
    return data


# --- GI tags ----------------------------------------------------------------------------


def get_gi_tag(slug: str) -> GITag:
    tag = (
        GITag.objects.filter(slug=slug)
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("name")))
        .first()
    )
    if tag is None:
        raise Http404
    return tag


def gi_authorised_users(tag: GITag) -> list:
    return list(verified_gi_authorisations(tag.pk))


def gi_products(tag: GITag, limit: int = 24) -> QuerySet[Product]:
    """Live products whose GI claim staff verified, for this tag."""
    return (
        Product.objects.live()
        .cards()
        .filter(VERIFIED_GI, gi_tag=tag)
        .order_by(*NEWEST_FIRST)[:limit]
    )
