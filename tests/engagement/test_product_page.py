"""The product page, cards, JSON-LD, sorting and the artisan page show the ratings."""

import json
import re

import pytest
from django.urls import reverse

from engagement import services
from tests.engagement.conftest import delivered_line
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def json_ld(client, product) -> dict:
    body = client.get(product.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.loads(match[1])


def review(product, rating: int, text: str = "", user=None):
    user = user or UserFactory()
    line = delivered_line(user, product)
    return services.create_review(author=user, line_id=line.pk, rating=rating, text=text)


def test_json_ld_has_no_aggregate_rating_without_reviews(client, product):
    data = json_ld(client, product)
    assert "aggregateRating" not in data
    assert "review" not in data


def test_json_ld_has_aggregate_rating_and_reviews_once_reviewed(client, product):
    client.get(product.get_absolute_url())  # cached before the reviews: must not go stale
    review(product, 5, "Beautiful zari")
    review(product, 4, "Good")
    data = json_ld(client, product)
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert [r["reviewRating"]["ratingValue"] for r in data["review"]] == [4, 5]
    assert data["review"][1]["reviewBody"] == "Beautiful zari"


def test_json_ld_drops_the_rating_when_the_only_review_is_hidden(client, product):
    hidden = review(product, 1, "spam")
    services.set_review_published(review=hidden, is_published=False)
    assert "aggregateRating" not in json_ld(client, product)


def test_product_page_shows_average_count_distribution_and_newest_first(client, product):
    review(product, 5, "First review")
    review(product, 3, "Second review")
    body = client.get(product.get_absolute_url()).content.decode()
    assert "<strong>4.0</strong>" in body
    assert body.index("Second review") < body.index("First review")
    assert '<meter min="0" max="100" value="50">' in body


def test_photos_first_puts_reviews_with_photos_on_top(client, product):
    with_photo = review(product, 5, "Has a photo")
    review(product, 4, "No photo")
    type(with_photo).objects.filter(pk=with_photo.pk).update(
        has_photos=True, photos=[{"thumb": "t.jpg", "large": "l.jpg", "width": 10, "height": 10}]
    )
    newest = client.get(product.get_absolute_url()).content.decode()
    assert newest.index("No photo") < newest.index("Has a photo")
    photos = client.get(product.get_absolute_url(), {"reviews": "photos"}).content.decode()
    assert photos.index("Has a photo") < photos.index("No photo")


def test_cards_show_the_rating_only_where_there_are_reviews(client, product):
    other = ProductFactory(seller=product.seller, title="Unreviewed lamp")
    review(product, 4)
    body = client.get(product.district.get_absolute_url()).content.decode()
    assert body.count('class="rating rating-small"') == 1
    assert other.display_title in body


def test_listings_and_search_sort_by_rating(client, product):
    better = ProductFactory(seller=product.seller, title="Best rated saree")
    unrated = ProductFactory(seller=product.seller, title="Unrated saree")
    review(product, 3)
    review(better, 5)
    page = client.get(product.district.get_absolute_url(), {"sort": "rating"})
    titles = [p.display_title for p in page.context["products"]]
    assert titles[:2] == [better.display_title, product.display_title]
    assert titles[-1] == unrated.display_title


def test_the_artisan_page_shows_the_overall_rating(client, product):
    second = ProductFactory(seller=product.seller)
    review(product, 5)
    review(second, 2)
    body = client.get(product.seller.get_absolute_url()).content.decode()
    assert "<strong>3.5</strong>" in body


def test_all_reviews_page_paginates(client):
    product = ProductFactory(stock=50)
    for _ in range(12):
        review(product, 4, "Fine")
    body = client.get(product.get_absolute_url()).content.decode()
    assert reverse("engagement:product_reviews", args=[product.slug]) in body
    page = client.get(reverse("engagement:product_reviews", args=[product.slug]))
    assert len(page.context["reviews"]) == 12


def test_the_review_link_shows_only_to_a_buyer_with_an_unreviewed_delivery(client, product):
    buyer = UserFactory()
    delivered_line(buyer, product)
    client.get(product.get_absolute_url())  # cache the page first
    client.force_login(buyer)
    assert "Review this product" in client.get(product.get_absolute_url()).content.decode()
    client.force_login(UserFactory())
    assert "Review this product" not in client.get(product.get_absolute_url()).content.decode()


def test_search_sorts_by_rating(client):
    plain = ProductFactory(title="Brass diya plain", stock=5)
    loved = ProductFactory(title="Brass diya loved", stock=5)
    review(plain, 2)
    review(loved, 5)
    page = client.get(reverse("catalog:search"), {"q": "brass diya", "sort": "rating"})
    titles = [p.display_title for p in page.context["result"].products]
    assert titles == [loved.display_title, plain.display_title]


def test_a_reply_or_a_hidden_review_shows_at_once_on_a_cached_product_page(client, product):
    written = review(product, 5, "Lovely border")
    assert "Lovely border" in client.get(product.get_absolute_url()).content.decode()
    services.reply_to_review(review=written, seller=product.seller, text="Dhanyavaad")
    assert "Dhanyavaad" in client.get(product.get_absolute_url()).content.decode()
    district = client.get(product.district.get_absolute_url()).content.decode()
    assert 'class="rating rating-small"' in district
    services.set_review_published(review=written, is_published=False)
    assert "Lovely border" not in client.get(product.get_absolute_url()).content.decode()
    district = client.get(product.district.get_absolute_url()).content.decode()
    assert 'class="rating rating-small"' not in district
