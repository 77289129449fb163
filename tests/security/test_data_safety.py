"""KYC and bank numbers: ciphertext in the database, masked on every page; clean photos.

Metadata stripping is tested in depth by the image pipeline's own tests
(tests/catalog/test_images.py: EXIF, GPS, XMP and ICC removed from originals and
renditions; tests/console/test_onboarding.py: the artisan's profile photo). Here one
photo goes the whole way a seller sends it: through the listing form, then the worker.
"""

import io
import re

import pytest
from cryptography.fernet import Fernet
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from PIL import ExifTags, Image

from accounts import fields
from catalog.models import Product
from sellers.models import SellerProfile
from tests.factories import SellerFactory
from tests.security.conftest import ROLES
from tests.security.test_url_matrix import expected_for, path_for
from tests.security.urlwalk import all_routes

pytestmark = pytest.mark.django_db

PAN = "ABCPE1234F"
GSTIN = "09ABCPE1234F1Z5"
UDYAM = "UDYAM-UP-50-0012345"
ACCOUNT = "123456789012"
SECRETS = (PAN, GSTIN, UDYAM, ACCOUNT)


def stored_columns(profile: SellerProfile) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pan, gstin, udyam_number, bank_account_number "
            "FROM sellers_sellerprofile WHERE id = %s",
            [profile.pk],
        )
        row = cursor.fetchone()
    return dict(zip(("pan", "gstin", "udyam_number", "bank_account_number"), row, strict=True))


@pytest.fixture
def fresh_keys(settings):
    """Let a test set FIELD_ENCRYPTION_KEY; the Fernet keys are cached per process."""
    fields._fernet.cache_clear()
    yield settings
    fields._fernet.cache_clear()


def kyc_seller(**extra) -> SellerProfile:
    return SellerFactory(
        pan=PAN, gstin=GSTIN, udyam_number=UDYAM, bank_account_number=ACCOUNT, **extra
    )


def test_kyc_and_bank_numbers_are_ciphertext_in_the_database():
    profile = kyc_seller()

    stored = stored_columns(profile)

    for column, value in stored.items():
        assert value.startswith("gAAAAA"), f"{column} is not a Fernet token"
        assert not any(secret in value for secret in SECRETS)
    assert fields.decrypt(stored["pan"]) == PAN
    profile.refresh_from_db()
    assert (profile.pan, profile.bank_account_number) == (PAN, ACCOUNT)


def test_the_same_number_encrypts_differently_each_time():
    """Equal ciphertexts would let someone holding a dump match artisans by number."""
    first, second = kyc_seller(), kyc_seller()
    assert stored_columns(first)["pan"] != stored_columns(second)["pan"]


def test_a_new_encryption_key_still_reads_rows_written_with_the_old_one(fresh_keys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    fresh_keys.FIELD_ENCRYPTION_KEY = old
    profile = kyc_seller()

    fields._fernet.cache_clear()
    fresh_keys.FIELD_ENCRYPTION_KEY = f"{new},{old}"  # newest first
    profile = SellerProfile.objects.get(pk=profile.pk)
    assert profile.pan == PAN
    profile.save()  # re-saving re-encrypts with the newest key

    fields._fernet.cache_clear()
    fresh_keys.FIELD_ENCRYPTION_KEY = new
    assert SellerProfile.objects.get(pk=profile.pk).pan == PAN
    assert Fernet(new.encode()).decrypt(stored_columns(profile)["pan"].encode()) == PAN.encode()


def test_no_page_shows_a_full_kyc_or_bank_number_except_to_staff_allowed_to_see_it(world, clients):
    """Every page of the matrix but the admin's per-model pages (artisans' pages included)."""
    SellerProfile.objects.filter(pk=world.seller_a.pk).update(
        udyam_number=fields.encrypt(UDYAM),
        gstin=fields.encrypt(GSTIN),
        pan=fields.encrypt(PAN),
    )
    admin_artisan = reverse("admin:sellers_sellerprofile_change", args=[world.seller_a.pk])
    paths = [admin_artisan, reverse("admin:sellers_sellerprofile_changelist")]
    for route in all_routes():
        if expected_for(route) is not None and not route.key.startswith("admin:"):
            paths.append(path_for(route, world))
    leaks = []
    for role in ROLES:
        for path in paths:
            if role == "operations" and path == admin_artisan:
                continue  # operations hold sellers.view_kyc: checked below
            response = clients[role].get(path)
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")  # a photo streamed to its owner, too
            leaks += [f"{role} {path}: {s}" for s in SECRETS if s in body]
    assert not leaks, "\n".join(leaks)


def test_the_admin_masks_kyc_for_curators_and_shows_it_to_operations(world, clients):
    url = reverse("admin:sellers_sellerprofile_change", args=[world.seller_a.pk])

    curator_page = clients["curator"].get(url).content.decode()
    operations_page = clients["operations"].get(url).content.decode()

    assert "XXXXXXXX9012" in curator_page
    assert ACCOUNT not in curator_page
    assert ACCOUNT in operations_page


def test_onboarding_shows_saved_numbers_masked_and_never_puts_them_back_in_a_form(client):
    profile = kyc_seller(status=SellerProfile.Status.DRAFT, onboarding_step="review")
    client.force_login(profile.user)

    for step in ("business", "review"):
        body = client.get(reverse("console:onboarding_step", kwargs={"step": step}))
        body = body.content.decode()
        assert "XXXXXXXX9012" in body, step
        assert "XXXXXX234F" in body, step
        assert not [s for s in SECRETS if s in body], step


def phone_photo_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (25.0, 19.0, 4.0)
    buffer = io.BytesIO()
    Image.new("RGB", (900, 700), (120, 60, 30)).save(buffer, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()  # the test photo has it
    return SimpleUploadedFile("home.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_a_photo_sent_through_the_listing_form_is_stored_without_its_gps(
    client, django_capture_on_commit_callbacks
):
    seller = SellerFactory()
    client.force_login(seller.user)
    data = {
        "title": "Brass lamp",
        "craft": seller.craft_id,
        "price": "500",
        "fulfilment": "ready",
        "stock": "2",
        "processing_days": "0",
        "action": "publish",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "new-TOTAL_FORMS": "1",
        "new-INITIAL_FORMS": "0",
        "new-0-file": phone_photo_with_gps(),
    }

    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager in tests
        response = client.post(reverse("console:product_create"), data)

    assert response.status_code == 302
    image = Product.objects.get(seller=seller).images.get()
    stored = [image.original.name] + [
        r[kind] for r in image.renditions.values() for kind in ("webp", "jpeg")
    ]
    for name in stored:
        with default_storage.open(name) as handle, Image.open(handle) as photo:
            assert not photo.getexif(), name
            assert "exif" not in photo.info, name


CACHED_PAGES = (
    "/",
    "/districts/varanasi/",
    "/crafts/textiles/",
    "/products/saree-from-a/",
    "/search/?q=saree",
)


#: What only a signed-in shopper with a cart sees in the page header.
PERSONAL_MARKERS = ("My orders", "Sign out", "cart-count", "shopper@example.com")


def test_cached_catalogue_pages_carry_nothing_of_one_visitor_to_the_next(world, clients):
    """Catalogue bodies are cached in Redis across visitors: nothing personal may be in them."""
    for path in CACHED_PAGES:  # a signed-in shopper with a cart fills the cache first
        own = clients["shopper"].get(path).content.decode()
        assert all(marker in own for marker in PERSONAL_MARKERS[:2]), path
    assert cache.keys("catalog:*"), "the pages were not cached: this test would prove nothing"
    visitor = Client(enforce_csrf_checks=True)

    for path in CACHED_PAGES:
        body = visitor.get(path).content.decode()
        assert not [marker for marker in PERSONAL_MARKERS if marker in body], path

    # The shared copy of the add-to-cart form carries nobody's CSRF token; the visitor
    # fetches their own (site.js) and it is accepted.
    page = visitor.get("/products/saree-from-a/").content.decode()
    assert re.search(r'name="csrfmiddlewaretoken" value=""', page)
    token = visitor.get("/csrf/").json()["token"]
    response = visitor.post(
        reverse("orders:cart_add"),
        {"csrfmiddlewaretoken": token, "product": world.product_a.pk, "quantity": 1},
    )
    assert response.status_code == 302
