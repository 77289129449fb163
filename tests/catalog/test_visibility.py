import pytest

from catalog.models import Product
from sellers.models import SellerProfile
from tests.factories import CollectionFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db


def test_published_product_of_an_approved_artisan_is_shown(client):
    product = ProductFactory()
    assert client.get(product.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("status", [Product.Status.DRAFT, Product.Status.ARCHIVED])
def test_unpublished_products_are_not_found(client, status):
    product = ProductFactory(status=status)
    assert client.get(product.get_absolute_url()).status_code == 404
    assert client.get(f"/hi{product.get_absolute_url()}").status_code == 404


@pytest.mark.parametrize(
    "seller_status",
    [
        SellerProfile.Status.DRAFT,
        SellerProfile.Status.PENDING,
        SellerProfile.Status.REJECTED,
        SellerProfile.Status.SUSPENDED,
    ],
)
def test_products_of_artisans_not_approved_are_not_found(client, seller_status):
    product = ProductFactory(seller=SellerFactory(status=seller_status))
    assert client.get(product.get_absolute_url()).status_code == 404
    assert client.get(product.seller.get_absolute_url()).status_code == 404
    district_page = client.get(product.district.get_absolute_url())
    assert product.title not in district_page.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/products/no-such-thing/",
        "/districts/atlantis/",
        "/artisans/nobody/",
        "/crafts/unknown-craft/",
        "/collections/missing/",
        "/hi/districts/atlantis/",
    ],
)
def test_unknown_slugs_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_unpublished_collection_is_not_found(client):
    collection = CollectionFactory(is_published=False)
    assert client.get(collection.get_absolute_url()).status_code == 404


def test_collection_page_hides_products_that_are_not_live(client):
    collection = CollectionFactory()
    live = ProductFactory(title="Live brass lamp")
    draft = ProductFactory(title="Draft brass lamp", status=Product.Status.DRAFT)
    collection.items.create(product=live, position=0)
    collection.items.create(product=draft, position=1)
    html = client.get(collection.get_absolute_url()).content.decode()
    assert "Live brass lamp" in html
    assert "Draft brass lamp" not in html
