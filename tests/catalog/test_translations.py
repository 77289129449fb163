import json

import pytest

from tests.factories import CollectionFactory, DistrictFactory, ProductFactory, SellerFactory

pytestmark = pytest.mark.django_db


def test_hindi_page_shows_hindi_content_where_present(client):
    product = ProductFactory(title="Brass vase", title_hi="पीतल का फूलदान")
    html = client.get(f"/hi{product.get_absolute_url()}").content.decode()
    assert "पीतल का फूलदान" in html
    assert '<html lang="hi">' in html


def test_hindi_page_falls_back_to_english_when_hindi_is_empty(client):
    district = DistrictFactory(name="Kannauj", name_hi="", story="Attar is distilled here.")
    seller = SellerFactory(district=district, display_name="Imran Khan", display_name_hi="")
    product = ProductFactory(seller=seller, title="Rose attar", title_hi="", description_hi="")
    product_url, district_url = product.get_absolute_url(), district.get_absolute_url()
    html = client.get(f"/hi{product_url}").content.decode()
    assert "Rose attar" in html
    assert "Imran Khan" in html
    assert "Kannauj" in html
    district_html = client.get(f"/hi{district_url}").content.decode()
    assert "Attar is distilled here." in district_html


def test_hindi_only_title_is_shown_on_the_english_page(client):
    product = ProductFactory(title="", title_hi="मूंज की टोकरी", slug="moonj-basket")
    assert "मूंज की टोकरी" in client.get(product.get_absolute_url()).content.decode()


@pytest.mark.parametrize("prefix", ["", "/hi"])
def test_every_catalogue_page_renders_in_both_languages(client, prefix):
    product = ProductFactory()
    collection = CollectionFactory()
    collection.items.create(product=product)
    urls = [
        "/",
        "/districts/",
        product.district.get_absolute_url(),
        product.get_absolute_url(),
        product.seller.get_absolute_url(),
        product.craft.get_absolute_url(),
        collection.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(prefix + url)
        assert response.status_code == 200, url
        assert f'hreflang="hi" href="http://testserver/hi{url}"' in response.content.decode()


def _json_ld(html: str) -> dict:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    return json.loads(html[start : html.index("</script>", start)])


def test_text_written_only_in_hindi_shows_on_english_pages_marked_as_hindi(client):
    product = ProductFactory(
        title="",
        title_hi="मूँज की टोकरी",
        description="",
        description_hi="सरपत की घास से बुनी टोकरी।",
        slug="moonj-basket",
    )
    html = client.get(product.get_absolute_url()).content.decode()

    assert '<h1 lang="hi">मूँज की टोकरी</h1>' in html
    assert '<div class="prose" lang="hi"><p>सरपत की घास से बुनी टोकरी।</p></div>' in html
    data = _json_ld(html)
    assert (data["name"], data["description"]) == ("मूँज की टोकरी", "सरपत की घास से बुनी टोकरी।")
    assert '<meta property="og:title" content="मूँज की टोकरी">' in html
    assert '<meta property="og:description" content="सरपत की घास से बुनी टोकरी।">' in html


def test_text_written_only_in_english_shows_on_hindi_pages_marked_as_english(client):
    artisan = SellerFactory(story="I weave Banarasi silk with my father.", story_hi="")
    html = client.get(f"/hi{artisan.get_absolute_url()}").content.decode()
    assert '<div class="prose" lang="en"><p>I weave Banarasi silk with my father.</p></div>' in html


def test_text_in_the_pages_own_language_carries_no_lang_attribute(client):
    product = ProductFactory(title="Brass vase", title_hi="पीतल का फूलदान")
    assert "<h1>Brass vase</h1>" in client.get(product.get_absolute_url()).content.decode()
