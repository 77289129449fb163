"""Listings: create, edit, archive, photos all-or-nothing, drafts before approval."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import Product, ProductImage
from tests.factories import GITagFactory, ProductFactory

from .conftest import files_under, jpeg_upload, text_as_jpeg

pytestmark = pytest.mark.django_db

NEW = reverse("console:product_create")


def listing_data(seller, **overrides) -> dict:
    data = {
        "title": "Chikankari kurta",
        "title_hi": "चिकनकारी कुर्ता",
        "description": "Hand-embroidered cotton kurta.",
        "description_hi": "हाथ की कढ़ाई वाला सूती कुर्ता।",
        "craft": seller.craft_id,
        "price": "1250.50",
        "fulfilment": "ready",
        "stock": "5",
        "processing_days": "0",
        "materials": "cotton",
        "weight_grams": "300",
        "action": "draft",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "new-TOTAL_FORMS": "4",
        "new-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def with_new_photos(data: dict, *files) -> dict:
    for index, upload in enumerate(files):
        data[f"new-{index}-file"] = upload
        data[f"new-{index}-alt_text"] = f"Photo {index + 1}"
    return data


def test_listing_with_two_photos_creates_rows_in_order_and_processes_them(
    client, seller, django_capture_on_commit_callbacks
):
    client.force_login(seller.user)
    data = with_new_photos(
        listing_data(seller, action="publish"), jpeg_upload("front.jpg"), jpeg_upload("back.jpg")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, data)
    assert response.status_code == 302, response.context["form"].errors
    product = Product.objects.get()
    assert product.seller == seller
    assert product.district == seller.district
    assert product.status == Product.Status.PUBLISHED
    assert product.published_at is not None
    assert product.price == Decimal("1250.50")
    images = list(product.images.order_by("position"))
    assert [img.position for img in images] == [0, 1]
    assert [img.alt_text for img in images] == ["Photo 1", "Photo 2"]
    # Celery is eager in tests: the pipeline ran on commit and both photos are ready.
    processed = product.images.order_by("position")
    assert [img.state for img in processed] == [ProductImage.State.READY] * 2
    assert all(img.renditions and img.width == 800 for img in processed)


def test_a_refused_photo_refuses_the_whole_listing_and_saves_nothing(client, seller, settings):
    client.force_login(seller.user)
    data = with_new_photos(
        listing_data(seller), jpeg_upload("good.jpg"), text_as_jpeg("holiday.jpg")
    )
    response = client.post(NEW, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "holiday.jpg" in page
    assert "Nothing was saved" in page
    assert not Product.objects.exists()
    assert not ProductImage.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_listing_needs_at_least_one_photo(client, seller):
    client.force_login(seller.user)
    response = client.post(NEW, listing_data(seller))
    assert response.status_code == 200
    assert "at least one photo" in response.content.decode()
    assert not Product.objects.exists()


def test_a_listing_posted_with_more_than_8_photos_is_refused_saying_why(client, seller):
    client.force_login(seller.user)
    photos = [jpeg_upload(f"photo-{n}.jpg") for n in range(9)]
    data = with_new_photos(listing_data(seller, **{"new-TOTAL_FORMS": "9"}), *photos)
    response = client.post(NEW, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A product can have at most 8 photos" in page
    assert "choose fewer photos" in page
    assert not Product.objects.exists()


def test_a_listing_needs_a_name_in_one_language_and_a_price_of_at_least_one_rupee(client, seller):
    client.force_login(seller.user)
    data = with_new_photos(listing_data(seller, title="", title_hi="", price="0.50"), jpeg_upload())
    response = client.post(NEW, data)
    errors = response.context["form"].errors
    assert set(errors) == {"title", "price"}
    assert "at least ₹1" in str(errors["price"])
    assert not Product.objects.exists()


def test_made_to_order_needs_processing_days(client, seller):
    client.force_login(seller.user)
    data = with_new_photos(listing_data(seller, fulfilment="made_to_order"), jpeg_upload())
    response = client.post(NEW, data)
    assert "processing_days" in response.context["form"].errors


def test_pending_artisan_can_save_a_draft_but_cannot_publish(client, pending_seller):
    client.force_login(pending_seller.user)
    page = client.get(NEW).content.decode()
    assert 'value="publish"' not in page

    response = client.post(
        NEW, with_new_photos(listing_data(pending_seller, action="publish"), jpeg_upload())
    )
    assert response.status_code == 200
    assert "Save it as a draft for now" in response.content.decode()
    assert not Product.objects.exists()

    response = client.post(NEW, with_new_photos(listing_data(pending_seller), jpeg_upload()))
    assert response.status_code == 302
    assert Product.objects.get().status == Product.Status.DRAFT


def test_gi_claim_is_offered_only_when_the_district_has_a_gi_tag_and_starts_unverified(
    client, seller
):
    client.force_login(seller.user)
    assert "gi_tag" not in client.get(NEW).context["form"].fields

    tag = GITagFactory(name="Lucknow Chikan Craft")
    tag.districts.add(seller.district)
    assert "gi_tag" in client.get(NEW).context["form"].fields
    data = with_new_photos(listing_data(seller, gi_tag=tag.pk), jpeg_upload())
    client.post(NEW, data)
    product = Product.objects.get()
    assert product.gi_tag == tag
    assert product.gi_verified is False


def _edit_data(product, images, **overrides) -> dict:
    data = listing_data(
        product.seller,
        **{
            "photos-TOTAL_FORMS": str(len(images)),
            "photos-INITIAL_FORMS": str(len(images)),
            "new-TOTAL_FORMS": "4",
        },
    )
    for index, image in enumerate(images):
        data[f"photos-{index}-id"] = str(image.pk)
        data[f"photos-{index}-position"] = str(index + 1)
        data[f"photos-{index}-alt_text"] = image.alt_text
    data.update(overrides)
    return data


def test_edit_reorders_removes_and_adds_photos(client, seller, django_capture_on_commit_callbacks):
    client.force_login(seller.user)
    client.post(
        NEW,
        with_new_photos(
            listing_data(seller), jpeg_upload("a.jpg"), jpeg_upload("b.jpg"), jpeg_upload("c.jpg")
        ),
    )
    product = Product.objects.get()
    a, b, c = product.images.order_by("position")
    data = _edit_data(product, [a, b, c])
    data.update({"photos-0-position": "3", "photos-2-position": "1", "photos-1-DELETE": "on"})
    data["new-0-file"] = jpeg_upload("d.jpg")
    data["new-0-alt_text"] = "Photo d"
    url = reverse("console:product_edit", kwargs={"pk": product.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    order = [img.alt_text for img in product.images.order_by("position")]
    assert order == ["Photo 3", "Photo 1", "Photo d"]
    assert list(product.images.values_list("position", flat=True)) == [0, 1, 2]
    assert not ProductImage.objects.filter(pk=b.pk).exists()
    assert not b.original.storage.exists(b.original.name)


def test_removing_the_last_photo_is_refused(client, seller):
    client.force_login(seller.user)
    client.post(NEW, with_new_photos(listing_data(seller), jpeg_upload()))
    product = Product.objects.get()
    (only,) = product.images.all()
    data = _edit_data(product, [only], **{"photos-0-DELETE": "on", "title": "Changed"})
    response = client.post(reverse("console:product_edit", kwargs={"pk": product.pk}), data)
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.title == "Chikankari kurta"
    assert product.images.count() == 1


def test_archive_hides_the_product(client, seller):
    product = ProductFactory(seller=seller)
    client.force_login(seller.user)
    response = client.post(reverse("console:product_archive", kwargs={"pk": product.pk}))
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.status == Product.Status.ARCHIVED


def test_archive_needs_post(client, seller):
    product = ProductFactory(seller=seller)
    client.force_login(seller.user)
    assert (
        client.get(reverse("console:product_archive", kwargs={"pk": product.pk})).status_code == 405
    )


def test_listing_page_runs_the_same_number_of_queries_for_1_and_30_products(
    client, seller, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(seller.user)
    url = reverse("console:products")
    ProductFactory(seller=seller)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(29):
        product = ProductFactory(seller=seller)
        ProductImage.objects.create(product=product, original="products/originals/x.jpg")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(response.context["products"]) == 30


def test_listing_page_query_count_is_pinned(client, seller, django_assert_max_num_queries):
    for _ in range(5):
        ProductFactory(seller=seller)
    client.force_login(seller.user)
    with django_assert_max_num_queries(8):
        client.get(reverse("console:products"))


def test_a_database_failure_after_storing_photos_leaves_no_file_behind(seller, settings):
    from django.db import DataError

    from catalog import services

    product = Product(title="Vase", craft=seller.craft, price=Decimal("100"), stock=1)
    images = [
        services.NewImage(jpeg_upload("ok.jpg")),
        services.NewImage(jpeg_upload("too-long.jpg"), alt_text="x" * 500),  # column is 200
    ]
    with pytest.raises(DataError):
        services.create_product(seller=seller, product=product, status="draft", images=images)
    assert not Product.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_listing_page_never_links_an_unprocessed_upload(client, seller):
    product = ProductFactory(seller=seller)
    ProductImage.objects.create(product=product, original="products/originals/gps.jpg")
    client.force_login(seller.user)
    page = client.get(reverse("console:products")).content.decode()
    assert "gps.jpg" not in page
    assert "Photo being prepared" in page


def test_a_photo_of_another_sellers_product_cannot_be_slipped_into_an_edit(
    client, seller, other_seller
):
    theirs = ProductFactory(seller=other_seller)
    their_image = ProductImage.objects.create(product=theirs, original="x.jpg", alt_text="Theirs")
    mine = ProductFactory(seller=seller)
    own_image = ProductImage.objects.create(product=mine, original="y.jpg", alt_text="Mine")
    client.force_login(seller.user)
    data = _edit_data(mine, [own_image])
    data.update({"photos-0-id": str(their_image.pk), "photos-0-DELETE": "on"})
    client.post(reverse("console:product_edit", kwargs={"pk": mine.pk}), data)
    assert ProductImage.objects.filter(pk=their_image.pk, product=theirs).exists()
    assert ProductImage.objects.filter(pk=own_image.pk, product=mine).exists()


def test_listing_form_pages_run_a_fixed_small_number_of_queries(
    client, seller, django_assert_max_num_queries
):
    product = ProductFactory(seller=seller)
    for position in range(8):
        ProductImage.objects.create(product=product, original=f"{position}.jpg", position=position)
    client.force_login(seller.user)
    with django_assert_max_num_queries(8):
        assert (
            client.get(reverse("console:product_edit", kwargs={"pk": product.pk})).status_code
            == 200
        )
    with django_assert_max_num_queries(6):
        assert client.get(NEW).status_code == 200


def _truncated_jpeg() -> bytes:
    data = jpeg_upload().read()
    return data[: len(data) // 2]


BAD_UPLOADS = {
    "empty.jpg": b"",
    "notes.jpg": b"not a photo\n" * 100,
    "half.jpg": None,  # filled lazily: a JPEG cut in half
    "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="900" height="900"></svg>',
    "huge.jpg": b"\xff\xd8\xff" + b"0" * (11 * 1024 * 1024),
}


@pytest.mark.parametrize("name", list(BAD_UPLOADS))
def test_each_kind_of_bad_upload_is_refused_by_name_with_nothing_saved(
    client, seller, settings, name
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = BAD_UPLOADS[name] if BAD_UPLOADS[name] is not None else _truncated_jpeg()
    bad = SimpleUploadedFile(name, content, content_type="image/jpeg")
    client.force_login(seller.user)
    response = client.post(NEW, with_new_photos(listing_data(seller), jpeg_upload(), bad))
    assert response.status_code == 200
    assert name in response.content.decode()
    assert not Product.objects.exists()
    assert not ProductImage.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []
