"""Each staff role sees exactly what it should; KYC numbers stay masked without permission."""

import pytest
from django.contrib.auth.models import Group

from sellers.models import SellerProfile
from tests.admin.conftest import CURATOR, OPERATIONS, make_staff, sign_in_with_code
from tests.factories import ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db

PAN = "ABCPE1234F"
BANK = "998877665544"
GSTIN = "09ABCPE1234F1Z5"


@pytest.fixture
def seller():
    return SellerFactory(
        pan=PAN, bank_account_number=BANK, gstin=GSTIN, status=SellerProfile.Status.PENDING
    )


def _seller_pages(seller) -> list[str]:
    base = "/admin/sellers/sellerprofile/"
    return [
        base,
        f"{base}?q={seller.display_name}",
        f"{base}{seller.pk}/change/",
        f"{base}{seller.pk}/history/",
        f"/hi{base}{seller.pk}/change/",
    ]


def test_roles_exist_with_the_kyc_permission_only_for_operations():
    curator = Group.objects.get(name=CURATOR).permissions.values_list("codename", flat=True)
    operations = Group.objects.get(name=OPERATIONS).permissions.values_list("codename", flat=True)
    assert "view_kyc" in operations
    assert {"view_order", "change_order", "view_suborder", "view_orderline"} <= set(operations)
    assert "view_kyc" not in curator
    assert "change_district" in curator
    assert "change_sellerprofile" not in curator
    assert not [c for c in curator if c.endswith(("_order", "_suborder", "_orderline"))]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/districts/district/",
        "/admin/districts/craft/",
        "/admin/districts/gitag/",
        "/admin/districts/odopproduct/",
        "/admin/catalog/product/",
        "/admin/catalog/collection/",
        "/admin/catalog/featuredproduct/",
        "/admin/sellers/sellerprofile/",
    ],
)
def test_a_curator_can_open_the_catalogue_admin(curator_client, url):
    assert curator_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url", ["/admin/accounts/user/", "/admin/sellers/sellerprofile/add/", "/admin/auth/group/"]
)
def test_a_curator_cannot_open_accounts_or_add_artisans(curator_client, url):
    assert curator_client.get(url).status_code == 403


def test_a_curator_never_sees_full_kyc_numbers(curator_client, seller):
    for url in _seller_pages(seller):
        response = curator_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert PAN not in html, url
        assert BANK not in html, url
        assert GSTIN not in html, url
    change = curator_client.get(f"/admin/sellers/sellerprofile/{seller.pk}/change/")
    assert "XXXXXX234F" in change.content.decode()
    assert "XXXXXXXX5544" in change.content.decode()


def test_a_curator_cannot_probe_kyc_numbers_through_list_filters(curator_client, seller):
    response = curator_client.get(f"/admin/sellers/sellerprofile/?pan={PAN}")
    assert response.status_code == 400


def test_operations_see_full_kyc_numbers_on_the_change_page_but_masked_in_lists(
    operations_client, seller
):
    change = operations_client.get(f"/admin/sellers/sellerprofile/{seller.pk}/change/")
    assert change.status_code == 200
    assert PAN in change.content.decode()
    assert BANK in change.content.decode()

    listing = operations_client.get("/admin/sellers/sellerprofile/").content.decode()
    assert seller.display_name in listing
    assert PAN not in listing and BANK not in listing
    assert "XXXXXX234F" in listing


def test_operations_cannot_edit_the_catalogue(operations_client):
    product = ProductFactory()
    assert operations_client.get("/admin/catalog/product/").status_code == 200
    response = operations_client.post(
        f"/admin/catalog/product/{product.pk}/change/", {"title": "Changed"}
    )
    assert response.status_code == 403
    assert operations_client.get("/admin/catalog/collection/").status_code == 403


def test_a_curators_edit_cannot_wipe_or_set_kyc_numbers(curator_client, seller):
    """Curators only view artisans; even a forged post cannot reach the KYC fields."""
    response = curator_client.post(
        f"/admin/sellers/sellerprofile/{seller.pk}/change/", {"pan": "", "display_name": "x"}
    )
    assert response.status_code == 403
    seller.refresh_from_db()
    assert seller.pan == PAN


def test_staff_without_a_role_see_no_app(client):
    sign_in_with_code(client, make_staff())
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "/admin/catalog/" not in response.content.decode()


def _change_form_data(seller, **changes) -> dict:
    data = {
        "user": seller.user_id,
        "display_name": seller.display_name,
        "display_name_hi": seller.display_name_hi,
        "slug": seller.slug,
        "district": seller.district_id,
        "craft": seller.craft_id,
        "story": seller.story,
        "mobile": seller.mobile,
        "pan": seller.pan,
        "gstin": seller.gstin,
        "udyam_number": "",
        "bank_account_number": seller.bank_account_number,
        "ifsc": seller.ifsc,
        "account_holder_name": seller.account_holder_name,
        "moderation_decisions-TOTAL_FORMS": "0",
        "moderation_decisions-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    return {**data, **changes}


def test_operations_correct_kyc_numbers_and_the_log_keeps_no_values(
    operations_client, curator_client, seller
):
    url = f"/admin/sellers/sellerprofile/{seller.pk}/"
    new_pan = "ZZZPE9876Q"

    response = operations_client.post(f"{url}change/", _change_form_data(seller, pan=new_pan))

    assert response.status_code == 302
    seller.refresh_from_db()
    assert seller.pan == new_pan
    assert seller.status == SellerProfile.Status.PENDING  # status only moves by decision
    history = curator_client.get(f"{url}history/")
    assert history.status_code == 200, history.get("Location")
    history = history.content.decode()
    assert "PAN" in history
    assert new_pan not in history and PAN not in history


def test_the_status_cannot_be_posted_past_the_moderation_service(operations_client, seller):
    url = f"/admin/sellers/sellerprofile/{seller.pk}/change/"
    operations_client.post(url, _change_form_data(seller, status="approved"))
    seller.refresh_from_db()
    assert seller.status == SellerProfile.Status.PENDING


def test_artisan_autocomplete_for_curators_gives_names_only(curator_client, seller):
    response = curator_client.get(
        "/admin/autocomplete/",
        {"app_label": "catalog", "model_name": "product", "field_name": "seller", "term": ""},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert seller.display_name in body
    assert PAN not in body and BANK not in body
