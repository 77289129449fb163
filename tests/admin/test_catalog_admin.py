"""Curators edit districts, feature and publish products; every action lands in the admin log."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import FeaturedProduct, Product, ProductImage
from districts.models import District
from tests.factories import (
    CollectionItemFactory,
    DistrictFactory,
    GITagFactory,
    ProductFactory,
)

pytestmark = pytest.mark.django_db

PRODUCTS = "/admin/catalog/product/"


def _act(client, action, products):
    return client.post(PRODUCTS, {"action": action, "_selected_action": [p.pk for p in products]})


def _logged(product) -> list[str]:
    entries = LogEntry.objects.filter(object_id=str(product.pk), action_flag=CHANGE)
    return [entry.get_change_message() for entry in entries]


def _image(product, **fields) -> ProductImage:
    upload = SimpleUploadedFile("photo.jpg", b"jpeg", content_type="image/jpeg")
    return ProductImage.objects.create(product=product, original=upload, **fields)


def test_publish_and_unpublish_change_status_and_are_logged(curator_client):
    draft = ProductFactory(status=Product.Status.DRAFT)

    assert _act(curator_client, "publish", [draft]).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Product.Status.PUBLISHED
    assert draft.published_at is not None
    assert _logged(draft) == ["Changed status and published."]

    _act(curator_client, "unpublish", [draft])
    draft.refresh_from_db()
    assert draft.status == Product.Status.DRAFT
    assert len(_logged(draft)) == 2


def test_featuring_adds_the_product_to_its_district_once_at_the_end(curator_client):
    first = ProductFactory()
    second = ProductFactory(seller__district=first.district)
    FeaturedProduct.objects.create(district=first.district, product=first, position=3)

    _act(curator_client, "feature_on_district", [first, second])
    _act(curator_client, "feature_on_district", [second])

    entries = FeaturedProduct.objects.filter(district=first.district)
    assert [(e.product, e.position) for e in entries] == [(first, 3), (second, 4)]
    assert _logged(first) == []
    assert len(_logged(second)) == 1


def test_verifying_gi_claims_skips_products_that_claim_none(curator_client):
    claimed = ProductFactory(gi_tag=GITagFactory())
    unclaimed = ProductFactory()

    response = _act(curator_client, "verify_gi_claim", [claimed, unclaimed])

    assert response.status_code == 302
    claimed.refresh_from_db()
    unclaimed.refresh_from_db()
    assert claimed.gi_verified
    assert not unclaimed.gi_verified
    assert len(_logged(claimed)) == 1
    assert _logged(unclaimed) == []


def test_operations_cannot_run_catalogue_actions(operations_client):
    draft = ProductFactory(status=Product.Status.DRAFT)
    _act(operations_client, "publish", [draft])
    draft.refresh_from_db()
    assert draft.status == Product.Status.DRAFT


def test_image_filter_finds_products_with_pending_or_failed_images(curator_client):
    pending = ProductFactory(title="Pending pot")
    _image(pending, state=ProductImage.State.PENDING)
    failed = ProductFactory(title="Failed pot")
    _image(failed, state=ProductImage.State.FAILED)
    ready = ProductFactory(title="Ready pot")
    _image(ready, state=ProductImage.State.READY)

    def titles(query: str) -> set[str]:
        html = curator_client.get(PRODUCTS + query).content.decode()
        return {t for t in ("Pending pot", "Failed pot", "Ready pot") if t in html}

    assert titles("?images=pending") == {"Pending pot"}
    assert titles("?images=failed") == {"Failed pot"}
    assert titles("") == {"Pending pot", "Failed pot", "Ready pot"}


def test_product_change_page_shows_renditions_never_an_unprocessed_original(curator_client):
    product = ProductFactory()
    _image(
        product,
        state=ProductImage.State.READY,
        renditions={"320": {"jpeg": "products/r/thumb-320.jpg", "webp": "x.webp"}},
    )
    pending = _image(product, state=ProductImage.State.PENDING)

    html = curator_client.get(f"{PRODUCTS}{product.pk}/change/").content.decode()

    assert "products/r/thumb-320.jpg" in html
    assert pending.original.name not in html  # the upload may still carry GPS metadata
    assert "Waiting to be processed" in html
    assert 'name="created_at"' not in html  # read-only


def test_district_change_page_has_both_languages_and_inlines(curator_client):
    district = DistrictFactory(story_hi="कारीगरों की कहानी")
    tag = GITagFactory(name_hi="बनारसी साड़ी")
    tag.districts.add(district)
    ProductFactory(seller__district=district)

    response = curator_client.get(f"/admin/districts/district/{district.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="story_hi"' in html
    assert "कारीगरों की कहानी" in html
    assert "बनारसी साड़ी" in html
    assert 'name="featured_entries-TOTAL_FORMS"' in html
    assert 'name="odop_products-TOTAL_FORMS"' in html
    assert "/admin/r/" in html  # "view on site"


def test_districts_are_featured_and_ordered_from_the_list(curator_client):
    first, second = DistrictFactory(name="Agra"), DistrictFactory(name="Bareilly")
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "2",
        "form-0-id": first.pk,
        "form-0-is_featured": "on",
        "form-0-featured_order": "2",
        "form-1-id": second.pk,
        "form-1-featured_order": "1",
        "_save": "Save",
    }

    response = curator_client.post("/admin/districts/district/", data)

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.is_featured and first.featured_order == 2
    assert LogEntry.objects.filter(object_id=str(first.pk)).exists()


def test_district_search_finds_hindi_names(curator_client):
    DistrictFactory(name="Varanasi", name_hi="वाराणसी")
    DistrictFactory(name="Agra", name_hi="आगरा")
    html = curator_client.get("/admin/districts/district/?q=वाराणसी").content.decode()
    assert "Varanasi" in html
    assert "Agra" not in html


def test_collection_change_page_lists_items_in_order(curator_client):
    item = CollectionItemFactory(position=1)
    CollectionItemFactory(collection=item.collection, position=0)
    response = curator_client.get(f"/admin/catalog/collection/{item.collection.pk}/change/")
    assert response.status_code == 200
    assert 'name="items-TOTAL_FORMS" value="2"' in response.content.decode()


def test_hero_thumbnail_shows_in_the_district_list(curator_client):
    district = DistrictFactory()
    district.hero_image = SimpleUploadedFile("hero.jpg", b"jpeg", content_type="image/jpeg")
    district.save()
    html = curator_client.get("/admin/districts/district/").content.decode()
    assert District.objects.get(pk=district.pk).hero_image.url in html


def test_unpublishing_in_admin_empties_only_the_pages_that_showed_the_product(
    curator_client, client
):
    product = ProductFactory(title="Admin-edited brooch")
    elsewhere = ProductFactory(title="Untouched bangle")
    district_url = product.district.get_absolute_url()
    other_url = elsewhere.district.get_absolute_url()
    assert "Admin-edited brooch" in client.get(district_url).content.decode()
    client.get(other_url)

    _act(curator_client, "unpublish", [product])

    assert "Admin-edited brooch" not in client.get(district_url).content.decode()
    with CaptureQueriesContext(connection) as other:
        assert "Untouched bangle" in client.get(other_url).content.decode()
    assert len(other.captured_queries) <= 2  # the versions and the district: still cached
