from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from PIL import Image

from accounts.models import User
from catalog.models import Collection, FeaturedProduct, Product, ProductImage
from districts.models import District
from sellers.models import SellerProfile

pytestmark = pytest.mark.django_db

DISTRICTS = "varanasi"


def seed(districts: str = DISTRICTS, **options) -> str:
    out = StringIO()
    call_command("seed_demo", districts=districts, stdout=out, **options)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        SellerProfile.objects.count(),
        Product.objects.count(),
        ProductImage.objects.count(),
        FeaturedProduct.objects.count(),
        Collection.objects.count(),
        EmailAddress.objects.count(),
    )


def test_each_seeded_district_gets_two_artisans_and_six_bilingual_products():
    seed()
    for slug in DISTRICTS.split(","):
        district = District.objects.get(slug=slug)
        artisans = SellerProfile.objects.filter(district=district, status="approved")
        assert artisans.count() >= 2
        products = Product.objects.live().filter(district=district)
        assert products.count() >= 6
        for product in products:
            assert product.title and product.title_hi and product.title != product.title_hi
            assert product.description and product.description_hi
            assert product.images.exists()
    saree = Product.objects.filter(district__slug="varanasi").order_by("slug").first()
    assert "Varanasi" in saree.title and "वाराणसी" in saree.title_hi


def test_seeded_photos_are_distinct_real_jpegs():
    seed()
    images = list(ProductImage.objects.order_by("pk")[:3])
    contents = []
    for image in images:
        with image.original.open("rb") as handle:
            data = handle.read()
        contents.append(data)
        with Image.open(image.original.path) as photo:
            assert photo.format == "JPEG"
            assert photo.size == (800, 600)
    assert len(set(contents)) == len(contents)


def test_running_seed_demo_twice_does_not_duplicate_anything():
    seed()
    first = counts()
    seed()
    assert counts() == first


def test_running_seed_demo_again_keeps_changes_made_since():
    seed()
    product = Product.objects.filter(stock__gt=1).order_by("pk").first()
    Product.objects.filter(pk=product.pk).update(stock=1)
    seed()
    product.refresh_from_db()
    assert product.stock == 1


def test_demo_logins_work_and_are_printed(client):
    output = seed()
    for email in ["admin@odop.example", "artisan@odop.example", "shopper@odop.example"]:
        assert email in output
        assert client.login(email=email, password="odop-demo-2025")
        assert EmailAddress.objects.get(email=email).verified
    assert "odop-demo-2025" in output
    assert User.objects.get(email="admin@odop.example").is_superuser
    artisan = SellerProfile.objects.get(user__email="artisan@odop.example")
    assert artisan.is_approved and artisan.district.slug == "varanasi"
    assert "90000 00001" in output
    mobile = User.objects.get(phone="+919000000001")
    assert mobile.email is None and mobile.phone_verified


def test_collections_are_published_and_hold_live_products():
    seed()
    showcase = Collection.objects.get(slug="mahakumbh-2025-showcase")
    assert showcase.is_published
    assert showcase.title_hi
    assert showcase.items.exists()
    assert Collection.objects.filter(slug="gi-tagged-treasures").exists()


def test_bulk_products_are_added_once_with_an_artisan_per_25():
    seed("aligarh", products=60)  # the first bulk artisan works in Aligarh
    assert Product.objects.filter(slug__startswith="bulk-").count() == 60
    bulk_in_aligarh = Product.objects.filter(slug__startswith="bulk-", district__slug="aligarh")
    assert bulk_in_aligarh.exists()
    assert all(product.images.exists() for product in bulk_in_aligarh)
    assert SellerProfile.objects.filter(slug__startswith="bulk-artisan-").count() == 3
    assert Product.objects.live().filter(slug__startswith="bulk-").count() == 60
    seed("aligarh", products=60)
    assert Product.objects.filter(slug__startswith="bulk-").count() == 60
