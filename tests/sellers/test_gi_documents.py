"""GI authorised-user certificates are private: no public URL, no page links them, and only
staff allowed to see the claim can download one."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sellers.models import GIAuthorisedUser
from tests.admin.conftest import CURATOR, OPERATIONS, make_staff, sign_in_with_code
from tests.factories import GITagFactory, ProductFactory, SellerFactory
from tests.roles import restore_staff_roles

pytestmark = pytest.mark.django_db

CERTIFICATE = b"%PDF-1.4 authorised user certificate of a weaver"


@pytest.fixture
def claim():
    restore_staff_roles()
    seller = SellerFactory()
    tag = GITagFactory(slug="banaras-brocades")
    tag.districts.add(seller.district)
    ProductFactory(seller=seller, gi_tag=tag, gi_verified=True)
    return GIAuthorisedUser.objects.create(
        seller=seller,
        gi_tag=tag,
        authorised_user_number="AU-42",
        status=GIAuthorisedUser.Status.VERIFIED,
        document=ContentFile(CERTIFICATE, name="weaver certificate.pdf"),
    )


def _client(user) -> Client:
    """Staff sign in with their code (the admin refuses a password-only session)."""
    client = Client()
    if user.is_staff:
        sign_in_with_code(client, user)
    else:
        client.force_login(user)
    return client


def test_the_certificate_is_stored_outside_the_public_media_folder(claim):
    stored = Path(claim.document.path)
    assert stored.read_bytes() == CERTIFICATE
    assert not stored.is_relative_to(settings.MEDIA_ROOT)
    assert "weaver" not in claim.document.name  # the artisan's file name is not kept


def test_the_private_storage_refuses_to_make_a_url(claim):
    with pytest.raises(ValueError):
        claim.document.url  # noqa: B018


def test_no_public_page_links_or_names_the_certificate(client, claim):
    name = Path(claim.document.name).name
    for url in ("/gi/banaras-brocades/", claim.seller.get_absolute_url(), "/sitemap.xml"):
        html = client.get(url).content.decode()
        assert name not in html and "gi-authorised-users" not in html, url
    assert client.get(f"/media/{claim.document.name}").status_code == 404


def test_operations_download_the_certificate_as_an_attachment_never_cached(claim):
    url = f"/admin/sellers/giauthoriseduser/{claim.pk}/document/"
    response = _client(make_staff(group=OPERATIONS)).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CERTIFICATE
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "shopper", "artisan", "curator"])
def test_nobody_else_can_download_the_certificate(claim, who):
    url = f"/admin/sellers/giauthoriseduser/{claim.pk}/document/"
    users = {
        "anonymous": None,
        "shopper": SellerFactory().user,  # another artisan, signed in
        "artisan": claim.seller.user,  # not even its owner: the admin is for staff
        "curator": make_staff(group=CURATOR),
    }
    client = _client(users[who]) if users[who] else Client()
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert CERTIFICATE not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_an_artisan_sends_a_claim_with_its_certificate_into_private_storage(claim):
    seller = SellerFactory(district=claim.seller.district)
    response = _client(seller.user).post(
        "/sell/gi/",
        {
            "gi_tag": claim.gi_tag.pk,
            "authorised_user_number": " AU-77 ",
            "document": SimpleUploadedFile("my-certificate.pdf", CERTIFICATE, "application/pdf"),
        },
    )
    assert response.status_code == 302
    sent = GIAuthorisedUser.objects.get(seller=seller)
    assert (sent.status, sent.authorised_user_number) == ("pending", "AU-77")
    assert not Path(sent.document.path).is_relative_to(settings.MEDIA_ROOT)


def test_operations_verify_claims_from_the_admin_list(claim):
    pending = GIAuthorisedUser.objects.create(
        seller=SellerFactory(),
        gi_tag=claim.gi_tag,
        authorised_user_number="AU-9",
        document=ContentFile(b"x", name="x.pdf"),
    )
    operations = make_staff(group=OPERATIONS)
    response = _client(operations).post(
        "/admin/sellers/giauthoriseduser/",
        {"action": "verify_selected", "_selected_action": [pending.pk]},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "verified" and pending.verified_by == operations
