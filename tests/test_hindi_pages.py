"""Hindi pages read as Hindi: dates, money, the site's name, the 404 and 500 pages."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.formats import date_format

from odop_market import urls
from orders.models import Order
from tests.factories import ProductFactory, UserFactory
from tests.orders.conftest import order_for

pytestmark = pytest.mark.django_db

IST = ZoneInfo("Asia/Kolkata")


@pytest.fixture(autouse=True)
def _english_unless_told():
    with translation.override("en"):
        yield


def test_the_order_page_shows_a_hindi_date_day_first_on_the_24_hour_clock(client):
    buyer = UserFactory()
    night = order_for(buyer, (ProductFactory(), 1))
    morning = order_for(buyer, (ProductFactory(), 1))
    Order.objects.filter(pk=night.pk).update(
        placed_at=datetime.datetime(2026, 11, 26, 21, 16, tzinfo=IST)
    )
    Order.objects.filter(pk=morning.pk).update(
        placed_at=datetime.datetime(2026, 9, 3, 9, 5, tzinfo=IST)
    )
    client.force_login(buyer)

    html = client.get(f"/hi/orders/{night.number}/").content.decode()
    assert "ऑर्डर किया: 26 नवंबर 2026, 21:16 बजे" in html
    html = client.get(f"/hi/orders/{morning.number}/").content.decode()
    assert "ऑर्डर किया: 3 सितंबर 2026, 9:05 बजे" in html
    for wrong in ("नवम्बर.", "सितमबर", "बजे को"):
        assert wrong not in html


def test_hindi_month_names_are_spelt_as_hindi_readers_expect():
    with translation.override("hi"):
        months = [date_format(datetime.date(2026, month, 1), "F") for month in (2, 9, 11, 12)]
        short = date_format(datetime.date(2026, 11, 26), "N")
    assert months == ["फ़रवरी", "सितंबर", "नवंबर", "दिसंबर"]
    assert short == "नवंबर"


def test_an_unknown_hindi_address_gives_a_hindi_404_in_the_site_layout(client):
    response = client.get("/hi/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="hi">' in html
    assert "<h1>यह पेज नहीं मिला</h1>" in html
    assert "<title>यह पेज नहीं मिला · ODOP मार्केट</title>" in html
    assert 'action="/hi/search/"' in html  # a way back: search…
    assert 'href="/hi/districts/"' in html  # …and the districts
    assert 'href="/no-such-page/" hreflang="en"' in html
    assert "Not Found" not in html


def test_an_unknown_english_address_gives_an_english_404(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="en">' in html
    assert "<h1>Page not found</h1>" in html
    assert 'href="/districts/"' in html


def test_the_500_page_renders_in_hindi_without_the_request():
    from odop_market import errors

    assert urls.handler500 == "odop_market.errors.server_error"
    request = RequestFactory().get("/hi/cart/")  # no session, no user: nothing to lean on
    with translation.override("hi"):
        response = errors.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="hi">' in html
    assert "<h1>कुछ गड़बड़ हो गई</h1>" in html
    assert "· ODOP मार्केट</title>" in html
    assert 'href="/hi/districts/"' in html


def test_hindi_pages_carry_the_hindi_site_name_in_title_and_og_site_name(client):
    html = client.get("/hi/").content.decode()
    assert "· ODOP मार्केट</title>" in html
    assert '<meta property="og:site_name" content="ODOP मार्केट">' in html
    assert "ODOP Market" not in html
    english = client.get("/").content.decode()
    assert "· ODOP Market</title>" in english
    assert '<meta property="og:site_name" content="ODOP Market">' in english


def test_a_weak_password_on_hindi_signup_reads_as_correct_hindi(client):
    html = client.post(
        "/hi/accounts/signup/",
        {
            "email": "ashadevi@example.com",
            "password1": "ashadevi@example",
            "password2": "ashadevi@example",
        },
    ).content.decode()
    assert "पासवर्ड और आपका ईमेल पता आपस में बहुत मिलते-जुलते हैं।" in html
    assert "आपके ईमेल पता से" not in html


def test_the_hindi_cart_shows_free_shipping_one_way_and_the_threshold_in_whole_rupees(
    client, settings
):
    settings.FREE_SHIPPING_THRESHOLD = "999.00"
    product = ProductFactory(price=Decimal("1250.00"), stock=5)
    client.post("/hi/cart/add/", {"product": product.pk, "quantity": 1})
    html = client.get("/hi/cart/").content.decode()
    assert html.count("<dd>मुफ़्त</dd>") == 2  # the artisan's part and the order summary
    assert "₹0.00" not in html
    assert "₹999 या उससे ज़्यादा" in html
    assert "999.00" not in html


def test_the_empty_search_page_suggests_queries_in_the_pages_language(client):
    hindi = client.get("/hi/search/").content.decode()
    assert ">पीतल के दीये</a>" in hindi and ">कन्नौज का इत्र</a>" in hindi
    assert ">brass diya</a>" not in hindi
    english = client.get("/search/").content.decode()
    assert ">brass diya</a>" in english and ">पीतल के दीये</a>" not in english
