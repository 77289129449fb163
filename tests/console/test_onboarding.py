"""The artisan's application: three saved steps, then submission and staff approval."""

import pytest
from django.core import mail
from django.urls import reverse

from sellers import moderation
from sellers.models import SellerProfile
from tests.factories import CraftFactory, DistrictFactory, SellerFactory, UserFactory

from .conftest import jpeg_upload

pytestmark = pytest.mark.django_db

STEP = "console:onboarding_step"

# 09 + PAN ABCPE1234F + entity 1 + Z + check character (computed by gstin_check_char).
PAN = "ABCPE1234F"


def valid_gstin(pan: str = PAN) -> str:
    from accounts.validators import gstin_check_char

    first14 = f"09{pan}1Z"
    return first14 + gstin_check_char(first14)


def profile_data(district, craft, **overrides) -> dict:
    data = {
        "display_name": "Asha Devi Crafts",
        "display_name_hi": "आशा देवी हस्तशिल्प",
        "district": district.pk,
        "craft": craft.pk,
        "story": "I learnt chikankari from my mother.",
        "story_hi": "मैंने चिकनकारी अपनी माँ से सीखी।",
        "mobile": "098765 43210",
    }
    data.update(overrides)
    return data


def business_data(**overrides) -> dict:
    data = {
        "udyam_number": "udyam up 50 0012345",
        "gstin": valid_gstin(),
        "pan": PAN.lower(),
        "bank_account_number": "123456789012",
        "ifsc": "sbin0001234",
        "account_holder_name": "Asha Devi",
    }
    data.update(overrides)
    return data


def test_whole_onboarding_journey_ends_in_approval_and_an_email(client, shopper, settings):
    district, craft = DistrictFactory(), CraftFactory()
    client.force_login(shopper)

    response = client.get(reverse("console:onboarding"))
    assert response.url == reverse(STEP, kwargs={"step": "profile"})

    data = profile_data(district, craft, photo=jpeg_upload("me.jpg"))
    response = client.post(reverse(STEP, kwargs={"step": "profile"}), data)
    assert response.status_code == 302, response.context["form"].errors
    profile = SellerProfile.objects.get(user=shopper)
    assert profile.status == SellerProfile.Status.DRAFT
    assert profile.mobile == "+919876543210"
    assert profile.slug == "asha-devi-crafts"
    assert profile.photo.name.startswith("sellers/")

    response = client.post(reverse(STEP, kwargs={"step": "business"}), business_data())
    assert response.status_code == 302, response.context["form"].errors
    profile.refresh_from_db()
    assert profile.pan == PAN
    assert profile.udyam_number == "UDYAM-UP-50-0012345"
    assert profile.ifsc == "SBIN0001234"
    assert profile.onboarding_step == "review"

    review = client.get(reverse(STEP, kwargs={"step": "review"}))
    page = review.content.decode()
    assert "XXXXXXXX9012" in page
    assert "123456789012" not in page
    assert PAN not in page

    response = client.post(reverse("console:onboarding_submit"))
    assert response.url == reverse("console:dashboard")
    profile.refresh_from_db()
    assert profile.status == SellerProfile.Status.PENDING
    assert profile.submitted_at is not None
    assert "checking your details" in client.get(reverse("console:dashboard")).content.decode()

    moderation.approve_seller(profile=profile, by=UserFactory(is_staff=True))
    profile.refresh_from_db()
    assert profile.status == SellerProfile.Status.APPROVED
    assert profile.reviewed_at is not None


def test_rejected_artisan_sees_the_reason_and_can_resubmit(
    client, django_capture_on_commit_callbacks
):
    profile = SellerFactory(status=SellerProfile.Status.PENDING, onboarding_step="review")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_seller(
            profile=profile,
            by=UserFactory(is_staff=True),
            reason="The bank account name does not match.",
        )
    assert "does not match" in mail.outbox[0].body
    client.force_login(profile.user)
    page = client.get(reverse("console:dashboard")).content.decode()
    assert "The bank account name does not match." in page

    response = client.post(
        reverse(STEP, kwargs={"step": "business"}),
        business_data(gstin="", pan="", udyam_number="", account_holder_name="Asha Devi"),
    )
    assert response.status_code == 302
    client.post(reverse("console:onboarding_submit"))
    profile.refresh_from_db()
    assert profile.status == SellerProfile.Status.PENDING
    assert profile.account_holder_name == "Asha Devi"


def test_suspending_hides_the_shop_and_the_dashboard_says_whom_to_contact(client):
    profile = SellerFactory()
    moderation.suspend_seller(
        profile=profile, by=UserFactory(is_staff=True), reason="Orders not shipped."
    )
    client.force_login(profile.user)
    page = client.get(reverse("console:dashboard")).content.decode()
    assert "Your shop is suspended" in page
    assert "support@odop.example" in page


def test_gstin_issued_on_another_pan_is_refused_with_a_clear_message(client, shopper):
    profile = SellerFactory(
        user=shopper, status=SellerProfile.Status.DRAFT, onboarding_step="business"
    )
    client.force_login(shopper)
    response = client.post(
        reverse(STEP, kwargs={"step": "business"}),
        business_data(gstin=valid_gstin("ABCPE1234F"), pan="ZZZPE9999Q"),
    )
    assert response.status_code == 200
    assert "was not issued on the PAN" in response.content.decode()
    profile.refresh_from_db()
    assert profile.onboarding_step == "business"
    assert profile.pan == ""


def test_business_step_refuses_a_bad_ifsc_and_a_missing_bank_account(client, shopper):
    SellerFactory(
        user=shopper,
        status=SellerProfile.Status.DRAFT,
        onboarding_step="business",
        bank_account_number="",
    )
    client.force_login(shopper)
    response = client.post(
        reverse(STEP, kwargs={"step": "business"}),
        business_data(ifsc="SBIN1234", bank_account_number=""),
    )
    errors = response.context["form"].errors
    assert set(errors) == {"ifsc", "bank_account_number"}


def test_profile_step_needs_at_least_one_name_and_accepts_only_a_hindi_one(client, shopper):
    district, craft = DistrictFactory(), CraftFactory()
    client.force_login(shopper)
    url = reverse(STEP, kwargs={"step": "profile"})
    response = client.post(url, profile_data(district, craft, display_name="", display_name_hi=""))
    assert "display_name" in response.context["form"].errors
    assert not SellerProfile.objects.exists()

    response = client.post(url, profile_data(district, craft, display_name=""))
    assert response.status_code == 302
    profile = SellerProfile.objects.get()
    assert profile.display_name == "आशा देवी हस्तशिल्प"
    assert profile.slug == f"artisan-{shopper.pk}"


def test_slug_stays_unique_when_two_artisans_share_a_name(client, shopper):
    SellerFactory(display_name="Asha Devi Crafts", slug="asha-devi-crafts")
    client.force_login(shopper)
    client.post(
        reverse(STEP, kwargs={"step": "profile"}), profile_data(DistrictFactory(), CraftFactory())
    )
    assert SellerProfile.objects.get(user=shopper).slug == "asha-devi-crafts-2"


def test_leaving_and_coming_back_resumes_at_the_next_step_with_details_kept(client, shopper):
    district, craft = DistrictFactory(), CraftFactory()
    client.force_login(shopper)
    client.post(reverse(STEP, kwargs={"step": "profile"}), profile_data(district, craft))
    client.logout()

    client.force_login(shopper)
    page = client.get(reverse("console:dashboard")).content.decode()
    assert "Continue my application" in page
    response = client.get(reverse("console:onboarding"))
    assert response.url == reverse(STEP, kwargs={"step": "business"})
    # The first step still shows what was typed.
    form = client.get(reverse(STEP, kwargs={"step": "profile"})).context["form"]
    assert form.initial["display_name"] == "Asha Devi Crafts"


def test_steps_ahead_of_progress_redirect_back_and_submission_needs_every_step(client, shopper):
    client.force_login(shopper)
    response = client.get(reverse(STEP, kwargs={"step": "review"}))
    assert response.url == reverse(STEP, kwargs={"step": "profile"})

    SellerFactory(
        user=shopper,
        status=SellerProfile.Status.DRAFT,
        onboarding_step="business",
        bank_account_number="",
        ifsc="",
        account_holder_name="",
    )
    client.post(reverse("console:onboarding_submit"))
    assert SellerProfile.objects.get(user=shopper).status == SellerProfile.Status.DRAFT


def test_saved_bank_number_is_never_shown_in_full_and_an_empty_box_keeps_it(client, shopper):
    profile = SellerFactory(
        user=shopper, status=SellerProfile.Status.DRAFT, onboarding_step="review"
    )
    client.force_login(shopper)
    page = client.get(reverse(STEP, kwargs={"step": "business"})).content.decode()
    assert "123456789012" not in page
    assert "XXXXXXXX9012" in page
    client.post(
        reverse(STEP, kwargs={"step": "business"}),
        business_data(bank_account_number="", gstin="", pan="", udyam_number=""),
    )
    profile.refresh_from_db()
    assert profile.bank_account_number == "123456789012"


def test_a_refused_photo_on_the_profile_step_saves_nothing(client, shopper):
    from .conftest import text_as_jpeg

    client.force_login(shopper)
    response = client.post(
        reverse(STEP, kwargs={"step": "profile"}),
        profile_data(DistrictFactory(), CraftFactory(), photo=text_as_jpeg()),
    )
    assert response.status_code == 200
    assert "photo" in response.context["form"].errors
    assert not SellerProfile.objects.exists()


def test_district_choices_read_in_hindi_under_hi(client, shopper):
    DistrictFactory(name="Varanasi", name_hi="वाराणसी", slug="varanasi")
    client.force_login(shopper)
    page = client.get("/hi/sell/onboarding/profile/").content.decode()
    assert "वाराणसी" in page


def test_profile_photo_is_stored_upright_with_no_metadata(client, shopper):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (26.0, 51.0, 0.0), 3: "E", 4: (80.0, 56.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 100, 50)).save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("home.jpg", buffer.getvalue(), content_type="image/jpeg")
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif().get_ifd(0x8825)

    client.force_login(shopper)
    data = profile_data(DistrictFactory(), CraftFactory(), photo=upload)
    assert client.post(reverse(STEP, kwargs={"step": "profile"}), data).status_code == 302
    profile = SellerProfile.objects.get(user=shopper)
    with profile.photo.open("rb") as stored, Image.open(stored) as im:
        assert dict(im.getexif()) == {}
        assert "exif" not in im.info
        assert im.size == (683, 1024)  # turned upright, then shrunk to 1024 on the long side


def test_an_empty_profile_photo_is_refused_with_the_validators_message(client, shopper):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(shopper)
    empty = SimpleUploadedFile("me.jpg", b"", content_type="image/jpeg")
    response = client.post(
        reverse(STEP, kwargs={"step": "profile"}),
        profile_data(DistrictFactory(), CraftFactory(), photo=empty),
    )
    assert "This file is empty" in str(response.context["form"].errors["photo"])
    assert not SellerProfile.objects.exists()
