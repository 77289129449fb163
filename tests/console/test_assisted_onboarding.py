"""Assisted onboarding: an ODOP helper onboards an artisan who is present at a workshop,
on the artisan's own account, after the artisan consented with an SMS code."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from sellers import assisted
from sellers.models import AssistedAction, AssistedConsent, Attendee, SellerProfile, Workshop
from tests import sms
from tests.factories import DistrictFactory, UserFactory

from .conftest import jpeg_upload, make_helper
from .test_onboarding import business_data

pytestmark = pytest.mark.django_db

MOBILE = "+919812345678"
User = get_user_model()


def send_code(client, workshop, mobile="98123 45678", name="Shabnam Bano"):
    return client.post(
        reverse("console:consent_start", kwargs={"pk": workshop.pk}),
        {"name": name, "mobile": mobile},
    )


def consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks):
    client.force_login(helper)
    with django_capture_on_commit_callbacks(execute=True):
        response = send_code(client, workshop)
    consent = AssistedConsent.objects.get()
    assert response.url == reverse("console:consent_verify", kwargs={"pk": consent.pk})
    response = client.post(response.url, {"code": sms.last_code(MOBILE)})
    consent.refresh_from_db()
    assert response.url == reverse("console:assist", kwargs={"artisan_id": consent.artisan_id})
    return consent.artisan


def profile_post(district, craft) -> dict:
    return {
        "display_name": "Shabnam Zari Work",
        "display_name_hi": "शबनम ज़री वर्क",
        "district": district.pk,
        "craft": craft.pk,
        "mobile": "98123 45678",
    }


def product_post(craft) -> dict:
    return {
        "title": "Zari work cushion cover",
        "title_hi": "ज़री वर्क कुशन कवर",
        "description": "Hand embroidered.",
        "craft": craft.pk,
        "price": "650",
        "fulfilment": Product.Fulfilment.READY,
        "stock": "3",
        "processing_days": "0",
        "photo-file": jpeg_upload("camera.jpg"),
        "photo-alt_text": "The cushion cover on a bed",
    }


# Consent -----------------------------------------------------------------------------------


def test_consent_code_creates_the_artisans_own_account_and_records_who_when_where(
    client, helper, workshop, django_capture_on_commit_callbacks
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)

    assert artisan.phone == MOBILE and artisan.phone_verified
    assert artisan.pk != helper.pk
    consent = AssistedConsent.objects.get()
    assert consent.verified_at and consent.helper == helper and consent.workshop == workshop
    assert len(consent.code_hash) == 64 and sms.last_code(MOBILE) not in consent.code_hash
    attendee = Attendee.objects.get(workshop=workshop, mobile=MOBILE)
    assert attendee.user == artisan and attendee.name == "Shabnam Bano"
    action = AssistedAction.objects.get()
    assert (action.artisan, action.helper, action.workshop, action.action) == (
        artisan,
        helper,
        workshop,
        "consent",
    )
    # The helper is still themself: they never sign in as the artisan.
    assert int(client.session["_auth_user_id"]) == helper.pk


def test_the_sms_says_who_asks_and_to_tell_the_code_only_if_they_agree(
    client, helper, workshop, django_capture_on_commit_callbacks
):
    client.force_login(helper)
    with django_capture_on_commit_callbacks(execute=True):
        send_code(client, workshop)
    [message] = sms.sent_to(MOBILE)
    code = sms.last_code(MOBILE)
    assert message.text == (
        f"ODOP Market: Sunita Yadav is helping you open your shop at the workshop. "
        f"If you agree, tell them this code: {code}"
    )


def test_a_wrong_code_is_refused_and_counted_and_five_use_the_code_up(
    client, helper, workshop, django_capture_on_commit_callbacks
):
    client.force_login(helper)
    with django_capture_on_commit_callbacks(execute=True):
        send_code(client, workshop)
    consent = AssistedConsent.objects.get()
    url = reverse("console:consent_verify", kwargs={"pk": consent.pk})
    right = sms.last_code(MOBILE)
    wrong = f"{(int(right) + 1) % 10**6:06d}"

    response = client.post(url, {"code": wrong})
    assert response.status_code == 200
    assert "This is not the code that was sent. Tries left: 4." in response.content.decode()
    for _try in range(4):
        client.post(url, {"code": wrong})
    response = client.post(url, {"code": right})  # even the right one, now
    assert "Too many wrong codes" in response.content.decode()
    consent.refresh_from_db()
    assert consent.attempts == 5 and consent.verified_at is None
    assert not User.objects.filter(phone=MOBILE).exists()


def test_an_expired_code_is_refused(client, helper, workshop, django_capture_on_commit_callbacks):
    client.force_login(helper)
    with django_capture_on_commit_callbacks(execute=True):
        send_code(client, workshop)
    consent = AssistedConsent.objects.get()
    AssistedConsent.objects.filter(pk=consent.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(
        reverse("console:consent_verify", kwargs={"pk": consent.pk}),
        {"code": sms.last_code(MOBILE)},
    )
    assert "This code has expired" in response.content.decode()
    consent.refresh_from_db()
    assert consent.verified_at is None and not AssistedAction.objects.exists()


def test_flooding_one_mobile_with_codes_is_refused(
    client, helper, workshop, django_capture_on_commit_callbacks
):
    client.force_login(helper)
    with django_capture_on_commit_callbacks(execute=True):
        for _n in range(assisted.MOBILE_LIMIT):
            assert send_code(client, workshop).status_code == 302
        response = send_code(client, workshop)
    assert response.status_code == 200
    assert "Several codes were already sent to this number" in response.content.decode()
    assert AssistedConsent.objects.count() == assisted.MOBILE_LIMIT
    assert len(sms.sent_to(MOBILE)) == assisted.MOBILE_LIMIT


def test_flooding_by_one_helper_is_refused(client, helper, workshop, settings):
    client.force_login(helper)
    for n in range(assisted.HELPER_LIMIT):
        AssistedConsent.objects.create(
            mobile=f"+9197000{n:05d}",
            helper=helper,
            workshop=workshop,
            code_hash="x" * 64,
            expires_at=timezone.now(),
        )
    response = send_code(client, workshop)
    assert "You have sent too many codes in the last hour" in response.content.decode()
    assert not AssistedConsent.objects.filter(mobile=MOBILE).exists()


# Consent cannot be skipped ------------------------------------------------------------------


def test_no_step_opens_for_a_helper_before_the_code_was_verified(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    artisan = User.objects.create_user(phone=MOBILE)
    client.force_login(helper)
    with django_capture_on_commit_callbacks(execute=True):
        send_code(client, workshop)  # a code sent, but not read out
    posts = {
        "console:assist": {},
        "console:assist_profile": profile_post(district, craft),
        "console:assist_business": business_data(),
        "console:assist_product": product_post(craft),
        "console:assist_submit": {},
    }
    for name, data in posts.items():
        response = client.post(reverse(name, kwargs={"artisan_id": artisan.pk}), data)
        assert response.status_code == 403, name
        assert "has not given consent to you yet" in response.content.decode()
    assert not SellerProfile.objects.exists()
    assert not Product.objects.exists()
    assert not AssistedAction.objects.exists()


def test_another_helpers_consent_does_not_open_the_steps(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    colleague = make_helper(district, email="colleague@odop.example")
    client.force_login(colleague)
    response = client.post(
        reverse("console:assist_profile", kwargs={"artisan_id": artisan.pk}),
        profile_post(district, craft),
    )
    assert response.status_code == 403
    assert not SellerProfile.objects.exists()


# Districts ----------------------------------------------------------------------------------


def test_a_helper_cannot_act_outside_their_districts(client, helper, workshop):
    elsewhere = DistrictFactory(name="Moradabad")
    other = make_helper(elsewhere, email="moradabad@odop.example")
    client.force_login(other)
    for name in ("console:workshop", "console:workshop_import", "console:consent_start"):
        assert client.get(reverse(name, kwargs={"pk": workshop.pk})).status_code == 404, name
    response = send_code(client, workshop)
    assert response.status_code == 404
    assert not AssistedConsent.objects.exists()
    # Nor record a workshop in a district that is not theirs.
    response = client.post(
        reverse("console:workshop_create"),
        {"district": workshop.district_id, "held_on": "2026-12-05", "venue": "Town hall"},
    )
    assert response.status_code == 200
    assert Workshop.objects.count() == 1
    assert client.get(reverse("console:workshops")).content.decode().count("Block office") == 0


def test_a_helper_whose_district_was_taken_away_loses_the_artisan(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    helper.helper_assignments.all().delete()
    response = client.post(
        reverse("console:assist_profile", kwargs={"artisan_id": artisan.pk}),
        profile_post(district, craft),
    )
    assert response.status_code == 403
    assert not SellerProfile.objects.exists()


def test_someone_who_is_not_a_helper_is_refused_with_a_clear_message(client, workshop):
    client.force_login(UserFactory())
    response = client.get(reverse("console:workshops"))
    assert response.status_code == 403
    assert "These pages are for ODOP helpers" in response.content.decode()


# The steps, the audit trail and masking --------------------------------------------------


def test_helper_fills_the_steps_and_the_artisan_sees_who_did_what_on_their_dashboard(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    kwargs = {"artisan_id": artisan.pk}

    response = client.post(
        reverse("console:assist_profile", kwargs=kwargs), profile_post(district, craft)
    )
    assert response.url == reverse("console:assist_business", kwargs=kwargs)
    response = client.post(reverse("console:assist_business", kwargs=kwargs), business_data())
    assert response.url == reverse("console:assist", kwargs=kwargs)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("console:assist_product", kwargs=kwargs), product_post(craft)
        )
    assert response.url == reverse("console:assist", kwargs=kwargs)
    client.post(reverse("console:assist_submit", kwargs=kwargs))

    profile = SellerProfile.objects.get(user=artisan)
    assert profile.status == SellerProfile.Status.PENDING
    assert profile.district == district and profile.mobile == MOBILE
    product = Product.objects.get(seller=profile)
    assert product.status == Product.Status.DRAFT and product.images.count() == 1
    actions = list(AssistedAction.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["consent", "profile", "business", "product", "submitted"]
    assert set(AssistedAction.objects.values_list("helper", "workshop")) == {
        (helper.pk, workshop.pk)
    }

    # The artisan, signed in on their own account, sees all of it on /sell/.
    client.force_login(artisan)
    page = client.get(reverse("console:dashboard")).content.decode()
    assert "Done with an ODOP helper" in page
    for text in ("Profile saved", "Business and bank details saved", "Application sent"):
        assert text in page
    assert "Draft product added</strong>: Zari work cushion cover" in page
    assert "by Sunita Yadav on" in page and "(Block office hall)" in page


def test_the_helper_sees_only_masked_bank_and_kyc_numbers_after_saving(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    kwargs = {"artisan_id": artisan.pk}
    client.post(reverse("console:assist_profile", kwargs=kwargs), profile_post(district, craft))
    data = business_data()
    client.post(reverse("console:assist_business", kwargs=kwargs), data)

    for name in ("console:assist", "console:assist_business"):
        page = client.get(reverse(name, kwargs=kwargs)).content.decode()
        assert "123456789012" not in page, name
        assert "ABCPE1234F" not in page, name
        assert "XXXXXXXX9012" in page, name


def test_the_camera_input_opens_the_rear_camera_for_any_image(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    kwargs = {"artisan_id": artisan.pk}
    client.post(reverse("console:assist_profile", kwargs=kwargs), profile_post(district, craft))
    page = client.get(reverse("console:assist_product", kwargs=kwargs)).content.decode()
    assert 'accept="image/*"' in page and 'capture="environment"' in page


def test_a_bad_photo_saves_no_product_and_says_why(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    from .conftest import text_as_jpeg

    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    kwargs = {"artisan_id": artisan.pk}
    client.post(reverse("console:assist_profile", kwargs=kwargs), profile_post(district, craft))
    data = product_post(craft) | {"photo-file": text_as_jpeg()}
    response = client.post(reverse("console:assist_product", kwargs=kwargs), data)
    assert response.status_code == 200
    assert "“notes.jpg” was not accepted" in response.content.decode()
    assert not Product.objects.exists()
    assert not AssistedAction.objects.filter(action="product").exists()


def test_the_profile_step_offers_only_the_helpers_districts(
    client, helper, workshop, district, craft, django_capture_on_commit_callbacks
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    elsewhere = DistrictFactory(name="Moradabad")
    url = reverse("console:assist_profile", kwargs={"artisan_id": artisan.pk})
    assert "Moradabad" not in client.get(url).content.decode()
    response = client.post(url, profile_post(district, craft) | {"district": elsewhere.pk})
    assert response.status_code == 200
    assert not SellerProfile.objects.exists()


def test_the_workshop_page_lets_the_helper_carry_on_without_a_new_code(
    client, helper, workshop, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    artisan = consented_artisan(client, helper, workshop, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("console:workshop", kwargs={"pk": workshop.pk}))
    assert reverse("console:assist", kwargs={"artisan_id": artisan.pk}) in page.content.decode()
    assert page.context["counts"]["started"] == 1
