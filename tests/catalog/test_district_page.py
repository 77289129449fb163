from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Product
from tests.factories import (
    CraftFactory,
    DistrictFactory,
    FeaturedProductFactory,
    ProductFactory,
    SellerFactory,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [product.title for product in response.context["products"]]


@pytest.fixture
def district():
    return DistrictFactory(name="Moradabad", name_hi="मुरादाबाद", slug="moradabad")


@pytest.fixture
def artisan(district):
    return SellerFactory(district=district, craft=CraftFactory(name="Metal craft"))


def test_district_page_lists_only_its_own_published_products(client, district, artisan):
    ProductFactory(seller=artisan, title="Brass vase")
    ProductFactory(seller=artisan, title="Draft bowl", status=Product.Status.DRAFT)
    ProductFactory(seller=artisan, title="Old lamp", status=Product.Status.ARCHIVED)
    ProductFactory(title="Agra leather bag")
    response = client.get(district.get_absolute_url())
    assert response.status_code == 200
    assert titles(response) == ["Brass vase"]


def test_district_page_shows_both_scripts_artisans_and_curated_products_in_order(
    client, district, artisan
):
    first = ProductFactory(seller=artisan, title="Curated second")
    second = ProductFactory(seller=artisan, title="Curated first")
    FeaturedProductFactory(product=first, position=2)
    FeaturedProductFactory(product=second, position=1)
    response = client.get(district.get_absolute_url())
    html = response.content.decode()
    assert "मुरादाबाद" in html and "Moradabad" in html
    assert artisan.display_name in html
    assert [p.title for p in response.context["featured_products"]] == [
        "Curated first",
        "Curated second",
    ]


def test_craft_filter_keeps_only_that_craft(client, district, artisan):
    other_craft = CraftFactory(name="Glass", slug="glass")
    ProductFactory(seller=artisan, title="Brass vase")
    ProductFactory(seller=SellerFactory(district=district, craft=other_craft), title="Bangles")
    response = client.get(district.get_absolute_url(), {"craft": "glass"})
    assert titles(response) == ["Bangles"]


def test_price_range_and_stock_filters(client, district, artisan):
    ProductFactory(seller=artisan, title="Cheap", price=Decimal("150.00"))
    ProductFactory(seller=artisan, title="Middle", price=Decimal("900.00"))
    ProductFactory(seller=artisan, title="Sold out", price=Decimal("950.00"), stock=0)
    ProductFactory(seller=artisan, title="Dear", price=Decimal("124500.00"))
    response = client.get(
        district.get_absolute_url(), {"min_price": "200", "max_price": "1000", "in_stock": "on"}
    )
    assert titles(response) == ["Middle"]


def test_made_to_order_products_are_in_stock_while_the_artisan_takes_orders(
    client, district, artisan
):
    made = Product.Fulfilment.MADE_TO_ORDER
    ProductFactory(seller=artisan, title="Carpet", stock=2, fulfilment=made)
    ProductFactory(seller=artisan, title="Booked rug", stock=0, fulfilment=made)
    response = client.get(district.get_absolute_url(), {"in_stock": "on"})
    assert titles(response) == ["Carpet"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("price_asc", ["Cheap", "Middle", "Dear"]),
        ("price_desc", ["Dear", "Middle", "Cheap"]),
        ("newest", ["Middle", "Dear", "Cheap"]),
        ("featured", ["Dear", "Middle", "Cheap"]),
    ],
)
def test_sorting(client, district, artisan, sort, expected):
    cheap = ProductFactory(seller=artisan, title="Cheap", price=Decimal("100.00"))
    dear = ProductFactory(seller=artisan, title="Dear", price=Decimal("5000.00"))
    ProductFactory(seller=artisan, title="Middle", price=Decimal("700.00"))
    del cheap
    FeaturedProductFactory(product=dear, position=0)
    response = client.get(district.get_absolute_url(), {"sort": sort})
    assert titles(response) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"min_price": "abc"},
        {"max_price": "-5"},
        {"min_price": "400", "max_price": "100"},
        {"craft": "no-such-craft"},
        {"sort": "random"},
        {"page": "abc"},
        {"page": "9999"},
        {"page": "-1", "in_stock": "maybe"},
        {"min_price": "1e400"},
    ],
)
def test_bad_filter_values_give_a_clear_page_not_an_error(client, district, artisan, query):
    ProductFactory(seller=artisan, title="Brass vase")
    response = client.get(district.get_absolute_url(), query)
    assert response.status_code == 200
    assert titles(response) == ["Brass vase"]


def test_bad_price_is_reported_in_hindi_on_the_hindi_page(client, district, artisan):
    ProductFactory(seller=artisan)
    response = client.get(f"/hi{district.get_absolute_url()}", {"min_price": "abc"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["min_price"]
    assert "errorlist" in response.content.decode()


def test_products_are_paginated_24_to_a_page(client, district, artisan):
    ProductFactory.create_batch(30, seller=artisan)
    first = client.get(district.get_absolute_url())
    second = client.get(district.get_absolute_url(), {"page": "2"})
    assert len(first.context["products"]) == 24
    assert len(second.context["products"]) == 6
    assert 'rel="next"' in first.content.decode()


def test_canonical_link_drops_filter_query_strings(client, district, artisan):
    ProductFactory(seller=artisan)
    html = client.get(district.get_absolute_url(), {"sort": "price_asc"}).content.decode()
    assert f'<link rel="canonical" href="http://testserver{district.get_absolute_url()}">' in html


def test_district_index_groups_by_division_and_filters_in_either_script(client, districts):
    response = client.get("/districts/")
    assert len(response.context["divisions"]) == 18
    assert sum(len(d.districts) for d in response.context["divisions"]) == 75
    hindi = client.get("/districts/", {"q": "लखनऊ"})
    names = [d.name for division in hindi.context["divisions"] for d in division.districts]
    assert "Lucknow" in names
    assert "Agra" not in names
    english = client.get("/hi/districts/", {"q": "varanasi"})
    assert "वाराणसी" in english.content.decode()


def test_district_index_says_so_when_nothing_matches(client, districts):
    response = client.get("/districts/", {"q": "zzzz"})
    assert response.status_code == 200
    assert response.context["divisions"] == []


def test_district_index_filter_matches_district_names_only(client, districts):
    response = client.get("/districts/", {"q": "प्र"})
    names = {d.name for division in response.context["divisions"] for d in division.districts}
    assert names == {"Prayagraj", "Pratapgarh"}


def test_district_page_shows_twelve_artisans_and_says_there_are_more(client, district):
    SellerFactory.create_batch(13, district=district)
    response = client.get(district.get_absolute_url())
    assert len(response.context["artisans"]) == 12
    assert response.context["more_artisans"]


def test_the_microsite_shows_the_curated_hero_photo_and_shares_it(client):
    district = DistrictFactory(hero_image=SimpleUploadedFile("ghats.jpg", b"jpeg bytes"))

    html = client.get(district.get_absolute_url()).content.decode()

    assert f'<img class="hero-image" src="{district.hero_image.url}"' in html
    assert (
        f'<meta property="og:image" content="http://testserver{district.hero_image.url}">' in html
    )


def test_artisans_photos_from_onboarding_show_on_their_page_and_cards(client):
    photo = SimpleUploadedFile("asha.jpg", b"jpeg bytes")
    artisan = SellerFactory(photo=photo)

    artisan_page = client.get(artisan.get_absolute_url()).content.decode()
    district_page = client.get(artisan.district.get_absolute_url()).content.decode()

    assert f'<img class="artisan-photo" src="{artisan.photo.url}"' in artisan_page
    assert f'<img class="artisan-photo" src="{artisan.photo.url}"' in district_page
