"""The search page: facets, sorting, paging, bad input and the suggestions endpoint."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from catalog.models import ProductImage
from catalog.search_selectors import run_search
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def facet_counts(options) -> dict[str, int]:
    return {o.value: o.count for o in options}


def test_facet_counts_match_the_products_found(catalogue):
    page = run_search("brass", QueryDict(""))
    assert page.total == 2
    assert facet_counts(page.facets.districts) == {"moradabad": 2}
    assert facet_counts(page.facets.bands) == {"under-500": 1, "1000-2500": 1}
    assert page.facets.in_stock.count == 1  # the planter is sold out
    assert page.facets.gi.count == 0


def test_each_facet_counts_with_the_other_filters_but_not_its_own(catalogue):
    page = run_search("banarasi", QueryDict("price=over-5000"))
    assert page.total == 1
    assert facet_counts(page.facets.bands) == {"1000-2500": 1, "over-5000": 1}
    assert facet_counts(page.facets.districts) == {"varanasi": 1}
    assert page.facets.gi.count == 1


def test_filters_narrow_the_products(catalogue):
    page = run_search("", QueryDict("district=moradabad&in_stock=1"))
    assert [p.title for p in page.products] == [catalogue["diya"].title]
    page = run_search("", QueryDict("gi=1&sort=price_asc"))
    assert [p.title for p in page.products] == [catalogue["attar"].title, catalogue["saree"].title]


def test_sorting_by_price_and_newest(catalogue):
    titles = lambda params: [p.title for p in run_search("", QueryDict(params)).products]  # noqa: E731
    by_price = titles("craft=metal-craft&craft=glass&sort=price_asc")
    assert by_price == [catalogue[k].title for k in ("bangles", "diya", "planter")]
    assert titles("craft=metal-craft&craft=glass&sort=price_desc") == by_price[::-1]
    newest = ProductFactory(seller=catalogue["bangles"].seller, title="Glass vase")
    assert titles("craft=glass&sort=newest")[0] == newest.title


def test_query_and_facets_survive_in_the_page_links(client, catalogue):
    for n in range(30):
        ProductFactory(seller=catalogue["diya"].seller, title=f"Brass bowl {n}")
    response = client.get("/search/", {"q": "brass", "district": "moradabad", "sort": "newest"})
    html = response.content.decode()
    assert 'href="?q=brass&amp;district=moradabad&amp;sort=newest&amp;page=2"' in html
    assert 'value="moradabad" checked' in html
    assert '<option value="newest" selected>' in html


def test_unknown_facet_values_are_ignored(client, catalogue):
    response = client.get(
        "/search/",
        {"q": "brass", "district": ["atlantis", "<b>x</b>"], "price": "free", "sort": "x"},
    )
    assert response.status_code == 200
    assert response.context["result"].total == 2
    assert response.context["result"].filters.districts == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "   "},
        {"q": "?!*&%$#@ ... ---"},
        {"q": "x" * 2000},
        {"q": "saree " * 400},
        {"q": "'; DROP TABLE catalog_product; --"},
        {"q": "a:* & !b | (c <-> d)"},
        {"q": "\\ ' \" %% _"},
        {"q": "\x00\x01 saree"},
        {"q": "ँ ़ ्"},
        {"q": "🪔 diya ﷺ 123 x:y क्\u200dष"},
        {"q": "Ｂａｎａｒａｓｉ"},
        {"q": "brass", "page": "abc"},
        {"q": "brass", "page": "-5"},
        {"q": "brass", "page": "99999999999999999999999"},
        {"q": "brass", "sort": "'; --", "price": ["1", "2"], "in_stock": "yes"},
    ],
)
def test_bad_input_gets_a_clear_page_not_an_error(client, catalogue, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert response.context["result"].query.text.__len__() <= 200


def test_html_in_the_query_is_escaped(client, catalogue):
    response = client.get("/search/", {"q": '<script>alert("x")</script> saree'})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; saree" in html


def test_a_query_of_only_punctuation_asks_for_words(client, catalogue):
    response = client.get("/search/", {"q": "?!?!"})
    assert "Please type a word to search for" in response.content.decode()


def test_no_results_suggest_the_closest_district_or_craft(client, catalogue):
    catalogue["bangles"].delete()  # else the fallback finds them: see test_search_fallback
    response = client.get("/search/", {"q": "phirozabaad"})
    page = response.context["result"]
    assert page.total == 0
    assert [d.slug for d in page.did_you_mean][:1] == ["firozabad"]
    assert "Did you mean:" in response.content.decode()


def test_a_misspelt_district_with_nothing_else_matching_is_offered_above(client, catalogue):
    page = client.get("/search/", {"q": "firozbaad xyzzy"}).context["result"]
    assert [d.slug for d in page.districts] == ["firozabad"]
    # No product has both words: the fallback shows those with one of them.
    assert page.widened.any_word
    assert [p.title for p in page.products] == [catalogue["bangles"].title]


def test_the_hindi_page_shows_hindi_names_and_facets(client, catalogue):
    response = client.get("/hi/search/", {"q": "बनारसी साड़ी"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ज़री बॉर्डर वाली बनारसी रेशमी साड़ी" in html
    assert "वाराणसी" in html


def test_the_page_makes_as_many_queries_for_48_results_as_for_1(
    client, catalogue, django_assert_max_num_queries
):
    # 9 = 8 for the page and 1 for the catalogue version that keys the cached page body.
    with django_assert_max_num_queries(9):
        response = client.get("/search/", {"q": "attar"})
    assert "1 product" in response.content.decode()
    for n in range(47):
        ProductFactory(seller=catalogue["attar"].seller, title=f"Mogra attar {n}", price=99)
    with django_assert_max_num_queries(9):
        response = client.get("/search/", {"q": "attar"})
    html = response.content.decode()
    assert "48 products" in html
    assert html.count('<h3 class="card-title">') == 24
    # The same search again, with its facet counts, comes from the cache.
    with django_assert_max_num_queries(1):
        again = client.get("/search/", {"q": "attar"})
    assert again.content.decode().count('<h3 class="card-title">') == 24


def test_suggestions_list_districts_and_crafts_in_either_script(client, catalogue):
    labels = [r["label"] for r in client.get("/search/suggest/", {"q": "mora"}).json()["results"]]
    assert labels == ["Moradabad"]
    results = client.get("/hi/search/suggest/", {"q": "कन्न"}).json()["results"]
    assert results == [{"label": "कन्नौज", "url": "/hi/districts/kannauj/"}]
    labels = [r["label"] for r in client.get("/search/suggest/", {"q": "gla"}).json()["results"]]
    assert labels == ["Glass"]


def test_suggestions_are_cached_and_empty_for_tiny_input(
    client, catalogue, django_assert_num_queries
):
    assert client.get("/search/suggest/", {"q": "k"}).json() == {"results": []}
    client.get("/search/suggest/", {"q": "luck"})
    with django_assert_num_queries(0):
        assert client.get("/search/suggest/", {"q": "luck"}).json()["results"][0]["label"] == (
            "Lucknow"
        )


def test_a_result_whose_photo_is_still_processing_shows_the_placeholder_not_the_upload(client):
    product = ProductFactory(title="Zardozi clutch bag")
    image = ProductImage.objects.create(
        product=product,
        original=SimpleUploadedFile("IMG_20261201_home_gps.jpg", b"jpeg"),
        state=ProductImage.State.PENDING,
    )

    html = client.get("/search/", {"q": "zardozi"}).content.decode()

    assert "Zardozi clutch bag" in html
    assert image.original.name not in html
    assert "product-placeholder" in html
