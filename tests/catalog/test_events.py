"""Fairs and melas: which events show where, by their dates and publication."""

import json
import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from catalog.models import Event
from catalog.showcase import current_or_next_event, events_by_status
from tests.factories import CollectionItemFactory, DistrictFactory, ProductFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def make_event(slug, starts, ends, *, published=True, **fields) -> Event:
    return Event.objects.create(
        slug=slug,
        name=fields.pop("name", slug.replace("-", " ").title()),
        starts_on=starts,
        ends_on=ends,
        venue="Mela ground",
        city="Prayagraj",
        is_published=published,
        **fields,
    )


@pytest.fixture
def events():
    return {
        "past": make_event("mahakumbh-2025", date(2025, 1, 13), date(2025, 2, 26)),
        "on_now": make_event("on-now", TODAY - timedelta(days=2), TODAY + timedelta(days=2)),
        "ends_today": make_event("ends-today", TODAY - timedelta(days=5), TODAY),
        "soon": make_event("soon", TODAY + timedelta(days=10), TODAY + timedelta(days=12)),
        "later": make_event("later", TODAY + timedelta(days=40), TODAY + timedelta(days=45)),
        "draft": make_event(
            "draft", TODAY - timedelta(days=1), TODAY + timedelta(days=1), published=False
        ),
    }


def test_an_event_is_upcoming_before_its_first_day_on_now_through_its_last_and_past_after():
    event = Event(starts_on=date(2025, 1, 13), ends_on=date(2025, 2, 26))
    assert event.status_on(date(2025, 1, 12)) == "upcoming"
    assert event.status_on(date(2025, 1, 13)) == "on_now"
    assert event.status_on(date(2025, 2, 26)) == "on_now"
    assert event.status_on(date(2025, 2, 27)) == "past"


def test_the_events_page_lists_published_events_by_status(events):
    groups = events_by_status(TODAY)
    assert [e.slug for e in groups["on_now"]] == ["ends-today", "on-now"]  # by first day
    assert [e.slug for e in groups["upcoming"]] == ["soon", "later"]
    assert [e.slug for e in groups["past"]] == ["mahakumbh-2025"]


def test_the_home_page_shows_the_event_on_now_and_otherwise_the_next_one(client, events):
    assert current_or_next_event(TODAY).slug == "ends-today"  # on now, ends soonest
    assert current_or_next_event(TODAY + timedelta(days=3)).slug == "soon"
    assert current_or_next_event(TODAY + timedelta(days=100)) is None
    html = client.get("/").content.decode()
    assert "/events/ends-today/" in html
    assert "/events/mahakumbh-2025/" not in html


def test_an_unpublished_event_is_nowhere_public(client, events):
    assert client.get("/events/draft/").status_code == 404
    assert "/events/draft/" not in client.get("/events/").content.decode()
    assert "/events/draft/" not in client.get("/sitemap-events.xml").content.decode()


def test_a_past_event_page_still_opens_and_says_it_is_past(client, events):
    response = client.get("/events/mahakumbh-2025/")
    assert response.status_code == 200
    assert "Past" in response.content.decode()


def test_the_event_page_carries_schema_org_event_json_ld_in_both_languages(client, events):
    for prefix in ("", "/hi"):
        html = client.get(f"{prefix}/events/mahakumbh-2025/").content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block.group(1))
        assert data["@type"] == "ExhibitionEvent"
        assert data["startDate"] == "2025-01-13"
        assert data["endDate"] == "2025-02-26"
        assert data["location"]["address"]["addressLocality"] == "Prayagraj"


def test_the_event_page_shows_its_districts_and_its_collections_products(client):
    district = DistrictFactory(name="Prayagraj", slug="prayagraj")
    product = ProductFactory(seller__district=district, title="Moonj basket")
    collection = CollectionItemFactory(
        product=product, collection__slug="kumbh", collection__is_published=True
    ).collection
    event = make_event("pavilion", TODAY, TODAY, collection=collection)
    event.districts.add(district)
    html = client.get("/events/pavilion/").content.decode()
    assert "/districts/prayagraj/" in html
    assert "Moonj basket" in html


def test_the_sitemap_lists_the_events_page_and_each_published_event(client, events):
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-events.xml" in index
    events_xml = client.get("/sitemap-events.xml").content.decode()
    assert "/events/mahakumbh-2025/" in events_xml
    assert "/hi/events/mahakumbh-2025/" in events_xml
    assert "/events/</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_the_events_pages_use_a_fixed_number_of_queries(
    client, events, django_assert_max_num_queries
):
    event = events["on_now"]
    for n in range(3):
        event.products.add(ProductFactory(title=f"Shown {n}"))
        event.districts.add(DistrictFactory())
    with django_assert_max_num_queries(3):
        assert client.get("/events/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/events/on-now/").status_code == 200


def test_an_event_published_in_admin_shows_at_once_on_the_cached_home_page(client):
    make_event("later", TODAY + timedelta(days=40), TODAY + timedelta(days=45))
    assert "/events/later/" in client.get("/").content.decode()  # the home page is cached

    make_event("mela-now", TODAY, TODAY + timedelta(days=3))

    assert "/events/mela-now/" in client.get("/").content.decode()
