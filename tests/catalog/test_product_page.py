import json
import re
from decimal import Decimal

import pytest

from catalog.models import Product
from tests.factories import GITagFactory, ProductFactory, ReadyProductImageFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(response) -> dict:
    blocks = JSON_LD.findall(response.content.decode())
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_product_json_ld_is_a_schema_org_product_with_an_inr_offer(client):
    product = ProductFactory(title="Brass diya", price=Decimal("124500.00"), stock=3)
    ReadyProductImageFactory(product=product)
    data = json_ld(client.get(product.get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Product"
    assert data["name"] == "Brass diya"
    assert data["offers"]["price"] == "124500.00"
    assert data["offers"]["priceCurrency"] == "INR"
    assert data["offers"]["availability"] == "https://schema.org/InStock"
    assert data["offers"]["seller"]["name"] == product.seller.display_name
    assert data["brand"]["name"] == product.seller.display_name
    assert data["image"][0].endswith("-960.jpg")


def test_json_ld_says_out_of_stock_when_none_left(client):
    product = ProductFactory(stock=0)
    data = json_ld(client.get(product.get_absolute_url()))
    assert data["offers"]["availability"] == "https://schema.org/OutOfStock"


def test_json_ld_escapes_html_in_titles(client):
    product = ProductFactory(title="Vase </script><script>alert(1)</script>")
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(response)["name"] == "Vase </script><script>alert(1)</script>"


def test_price_is_shown_with_indian_digit_grouping(client):
    product = ProductFactory(price=Decimal("124500.00"))
    assert "₹1,24,500 <span" in client.get(product.get_absolute_url()).content.decode()


def test_gi_badge_only_when_staff_verified_the_claim(client):
    tag = GITagFactory(name="Banaras Brocades and Sarees")
    claimed = ProductFactory(gi_tag=tag, gi_verified=False)
    verified = ProductFactory(gi_tag=tag, gi_verified=True)
    assert "gi-badge" not in client.get(claimed.get_absolute_url()).content.decode()
    html = client.get(verified.get_absolute_url()).content.decode()
    assert "gi-badge" in html and "Banaras Brocades and Sarees" in html


def test_add_to_cart_only_when_in_stock(client):
    in_stock = ProductFactory(stock=2)
    sold_out = ProductFactory(stock=0)
    taking_orders = ProductFactory(stock=3, fulfilment=Product.Fulfilment.MADE_TO_ORDER)
    fully_booked = ProductFactory(stock=0, fulfilment=Product.Fulfilment.MADE_TO_ORDER)
    assert "add-to-cart" in client.get(in_stock.get_absolute_url()).content.decode()
    assert "add-to-cart" not in client.get(sold_out.get_absolute_url()).content.decode()
    assert "add-to-cart" in client.get(taking_orders.get_absolute_url()).content.decode()
    assert "add-to-cart" not in client.get(fully_booked.get_absolute_url()).content.decode()


def test_product_page_links_artisan_and_district_and_shows_details(client):
    product = ProductFactory(
        materials="Brass", length_cm=Decimal("12.0"), width_cm=Decimal("8.5"), height_cm=None
    )
    html = client.get(product.get_absolute_url()).content.decode()
    assert f'href="{product.seller.get_absolute_url()}"' in html
    assert f'href="{product.district.get_absolute_url()}"' in html
    assert "Brass" in html
    assert "12 × 8.5 cm" in html


def test_gallery_uses_renditions_with_srcset_and_explicit_size(client):
    product = ProductFactory()
    ReadyProductImageFactory(product=product, position=0)
    ReadyProductImageFactory(product=product, position=1)
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'type="image/webp"' in html
    assert re.search(r'srcset="[^"]+-320\.jpg 320w, [^"]+-960\.jpg 960w"', html)
    assert 'width="960" height="720"' in html
    assert 'loading="lazy"' in html  # the second photo


def test_pending_images_show_the_placeholder(client):
    product = ProductFactory()
    ReadyProductImageFactory(product=product, state="pending", renditions={})
    html = client.get(product.get_absolute_url()).content.decode()
    assert "product-placeholder.svg" in html


def test_open_graph_tags_are_present(client):
    product = ProductFactory(title="Brass diya")
    html = client.get(product.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Brass diya">' in html
    assert '<meta property="og:type" content="product">' in html
