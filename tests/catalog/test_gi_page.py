"""The GI page a buyer reaches from a product's badge, and the verified-GI filter."""

import pytest
from django.core.files.base import ContentFile

from districts.models import GITag
from sellers.models import GIAuthorisedUser
from tests.factories import DistrictFactory, GITagFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tag():
    district = DistrictFactory(name="Varanasi", slug="varanasi")
    tag = GITagFactory(name="Banaras Brocades and Sarees", slug="banaras-brocades")
    tag.districts.add(district)
    return tag


def claim(seller, tag, status, number="AU-7"):
    return GIAuthorisedUser.objects.create(
        seller=seller,
        gi_tag=tag,
        authorised_user_number=number,
        status=status,
        document=ContentFile(b"%PDF-1.4", name="c.pdf"),
    )


def test_the_product_badge_links_to_the_gi_page(client, tag):
    product = ProductFactory(seller__district=tag.districts.get(), gi_tag=tag, gi_verified=True)
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'href="/gi/banaras-brocades/"' in html


def test_the_gi_page_says_the_registration_is_not_entered_rather_than_guessing(client, tag):
    html = client.get("/gi/banaras-brocades/").content.decode()
    assert "have not yet entered this tag" in html


def test_the_gi_page_shows_the_registration_staff_entered(client, tag):
    GITag.objects.filter(pk=tag.pk).update(
        registration_number="99", application_number="99", goods_class="Class 24",
        registered_proprietor="A weavers' society",
    )  # fmt: skip
    html = client.get("/gi/banaras-brocades/").content.decode()
    assert "Class 24" in html and "A weavers&#x27; society" in html


def test_only_verified_authorised_users_of_approved_artisans_are_listed(client, tag):
    district = tag.districts.get()
    verified = SellerFactory(district=district, display_name="Verified weaver")
    pending = SellerFactory(district=district, display_name="Pending weaver")
    suspended = SellerFactory(
        district=district, display_name="Suspended weaver", status="suspended"
    )
    claim(verified, tag, "verified", "AU-1")
    claim(pending, tag, "pending", "AU-2")
    claim(suspended, tag, "verified", "AU-3")
    ProductFactory(seller=verified, gi_tag=tag, gi_verified=True, title="Verified saree")
    ProductFactory(seller=pending, gi_tag=tag, gi_verified=False, title="Unverified saree")
    html = client.get("/gi/banaras-brocades/").content.decode()
    assert "Verified weaver" in html and "AU-1" in html
    assert "Pending weaver" not in html and "Suspended weaver" not in html
    assert "Verified saree" in html and "Unverified saree" not in html


def test_the_district_page_filters_to_verified_gi_products(client, tag):
    district = tag.districts.get()
    ProductFactory(seller__district=district, gi_tag=tag, gi_verified=True, title="GI saree")
    ProductFactory(seller__district=district, gi_tag=tag, gi_verified=False, title="Claimed saree")
    ProductFactory(seller__district=district, title="Plain stole")
    html = client.get("/districts/varanasi/?gi=on").content.decode()
    assert "GI saree" in html
    assert "Claimed saree" not in html and "Plain stole" not in html
    assert "Plain stole" in client.get("/districts/varanasi/").content.decode()


def test_the_gi_page_uses_a_fixed_number_of_queries(client, tag, django_assert_max_num_queries):
    district = tag.districts.get()
    for n in range(4):
        seller = SellerFactory(district=district)
        claim(seller, tag, "verified", f"AU-{n}")
        ProductFactory(seller=seller, gi_tag=tag, gi_verified=True)
    with django_assert_max_num_queries(6):
        assert client.get("/gi/banaras-brocades/").status_code == 200
