"""Malformed and hostile input in every form and query parameter: never a 500.

Each parameter is tried with every value of ``HOSTILE`` (overlong text, markup, SQL,
null bytes, wrong types, negative and huge numbers, unknown choices), the others kept
valid; hypothesis then throws arbitrary text at the free-text inputs. An answer must be
a page (a form with its error, or the page ignoring the value), a redirect, a 400 or a
404, and no page may carry the markup back unescaped. Pages that show what was stored
are checked for escaping at the end.

``TRIED`` counts the requests per target; set SECURITY_BAD_INPUT_REPORT to a file path
to have the counts written there (SECURITY.md lists them).
"""

from __future__ import annotations

import json
import os
import secrets
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.models import Product
from orders.models import CartItem, Order
from sellers.models import SellerProfile
from tests.factories import SellerFactory, UserFactory

pytestmark = pytest.mark.django_db

XSS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
)
HOSTILE: tuple[str, ...] = (
    *XSS,
    "",
    "   ",
    "x" * 5000,
    "क" * 600,
    "' OR '1'='1",
    "1; DROP TABLE orders_order; --",
    "%' AND 1=1 --",
    "\x00",
    "abc\x00def",
    "\u202eevil\u200b",
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "3.5",
    "१२",
    "[]",
    "{{ 7*7 }}",
    "../../etc/passwd",
    "unknown-choice",
)
#: The values also tried alone in each field, the other fields valid (see ``variants``).
CORE = (XSS[0], "x" * 5000, "abc\x00def", "99999999999999999999999")
ALLOWED = {200, 302, 400, 404}
#: (target → number of field × value pairs sent) and (target → number of requests).
TRIED: Counter[str] = Counter()
REQUESTS: Counter[str] = Counter()

#: Free text hypothesis draws: any printable or control character (no lone surrogates,
#: which no browser can send), up to 300 characters.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
FEW = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module", autouse=True)
def _report_counts():
    yield
    path = os.environ.get("SECURITY_BAD_INPUT_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as report:
            counts = {k: [TRIED[k], REQUESTS[k]] for k in sorted(TRIED)}
            report.write(json.dumps(counts, ensure_ascii=False) + "\n")


def probe(client, method: str, url: str, data: dict, target: str, pairs: int = 1):
    """Send one request; fail on a 500 or on markup echoed back unescaped."""
    TRIED[target] += pairs
    REQUESTS[target] += 1
    response = getattr(client, method)(url, data)  # an exception here is the 500
    assert response.status_code in ALLOWED, f"{target}: {data!r} gave {response.status_code}"
    body = response.content.decode(errors="replace")
    echoed = [x for x in XSS[:3] if x in body]
    assert not echoed, f"{target}: {echoed} shown unescaped at {url}"
    return response


def each_value(base: dict, field: str):
    """``base`` with ``field`` replaced by each hostile value in turn."""
    for value in HOSTILE:
        yield {**base, field: value}


def variants(base: dict, fields) -> list[tuple[dict, int]]:
    """Payloads that put every hostile value in every field, with few requests.

    Request i gives field number k the value ``HOSTILE[(i + k) % n]``: after n requests
    each field has had each value once, while every field is validated in every request.
    Then each ``CORE`` value alone in each field, the others valid, so that values that
    pass validation go on into the services. Returns (payload, field × value pairs).
    """
    fields = list(fields)
    n = len(HOSTILE)
    rotation = [
        ({**base, **{f: HOSTILE[(i + k) % n] for k, f in enumerate(fields)}}, len(fields))
        for i in range(n)
    ]
    alone = [({**base, f: value}, 1) for f in fields for value in CORE]
    return rotation + alone


def send_all(client, url: str, base: dict, fields, target: str, method: str = "post") -> None:
    """Send every payload of ``variants``; ``fields`` defaults to all of ``base``."""
    for data, pairs in variants(base, fields or base):
        response = probe(client, method, url, data, target, pairs)
        if method == "post" and pairs > 1 and response.status_code == 200:
            # Every field hostile at once: the form must come back saying what is wrong.
            body = response.content.decode()
            assert "errorlist" in body or "message-error" in body, f"{target}: no error shown"


# --- Query parameters ----------------------------------------------------------------

QUERY_TARGETS = {
    "/search/": ("q", "district", "craft", "price", "in_stock", "gi", "sort", "page"),
    "/search/suggest/": ("q",),
    "/districts/": ("q",),
    "/districts/varanasi/": ("craft", "min_price", "max_price", "in_stock", "sort", "page"),
    "/crafts/textiles/": ("min_price", "max_price", "in_stock", "sort", "page"),
    "/artisans/artisan-a/": ("page",),
    "/collections/festive/": ("page",),
    "/orders/": ("page",),
    "/sell/orders/": ("status", "page"),
}


@pytest.mark.parametrize("path", list(QUERY_TARGETS))
def test_hostile_query_parameters_never_break_a_page(world, clients, path):
    client = clients["seller_a"] if path.startswith("/sell/") else clients["shopper"]
    params = QUERY_TARGETS[path]
    send_all(client, path, {}, params, f"GET {path}", method="get")
    repeated = {param: list(HOSTILE[:8]) for param in params}  # ?page=1&page=x&…
    probe(client, "get", path, repeated, f"GET {path}", len(params) * 8)


@FEW
@given(q=TEXT, page=TEXT)
def test_any_text_in_the_search_box_gives_a_page(world, clients, q, page):
    data = {"q": q, "page": page}
    probe(clients["anonymous"], "get", "/search/", data, "GET /search/ (hypothesis)", 2)
    probe(
        clients["anonymous"],
        "get",
        "/search/suggest/",
        {"q": q},
        "GET /search/suggest/ (hypothesis)",
    )


@pytest.mark.parametrize(
    "path",
    [
        "/products/{}/",
        "/districts/{}/",
        "/crafts/{}/",
        "/artisans/{}/",
        "/collections/{}/",
        "/orders/{}/",
        "/sell/products/{}/edit/",
        "/sell/orders/{}/",
        "/sell/onboarding/{}/",
    ],
)
def test_hostile_values_in_the_path_are_a_404(world, clients, path):
    for value in ("..%2F..", "%00", "9" * 30, "-1", "%3Cscript%3E", "x" * 300, "' OR 1=1"):
        url = path.format(value)
        TRIED[f"GET {path}"] += 1
        REQUESTS[f"GET {path}"] += 1
        response = clients["seller_a"].get(url)
        assert response.status_code == 404, url


# --- Cart ----------------------------------------------------------------------------


def test_hostile_cart_additions_add_nothing_wrong(world, clients):
    client = clients["anonymous"]
    good = {"product": world.product_b.pk, "quantity": "1"}
    for field in ("product", "quantity"):
        for data in each_value(good, field):
            probe(client, "post", reverse("orders:cart_add"), data, "POST /cart/add/")
    for quantity in ("-5", "0", "1000000", "9" * 40):
        data = {**good, "quantity": quantity}
        response = probe(client, "post", reverse("orders:cart_add"), data, "POST /cart/add/")
        assert response.status_code == 302
    assert not CartItem.objects.exclude(quantity__gte=1, quantity__lte=10).exists()
    page = client.get(reverse("orders:cart"), follow=True).content.decode()
    assert "Choose a quantity" in page or "quantity" in page.lower()


def test_unknown_and_unpublished_products_cannot_be_put_in_a_cart(world, clients):
    client = clients["anonymous"]
    for product in (999_999_999, world.draft_a.pk, -1, "abc"):
        data = {"product": product, "quantity": 1}
        probe(client, "post", reverse("orders:cart_add"), data, "POST /cart/add/")
    assert not CartItem.objects.filter(cart__user__isnull=True).exists()


def test_hostile_cart_quantities_leave_the_line_sane(world, clients):
    item = world.objects["cart_item"]
    url = reverse("orders:cart_update", kwargs={"pk": item.pk})
    for data in each_value({"quantity": "1"}, "quantity"):
        probe(clients["shopper"], "post", url, data, "POST /cart/items/<id>/")
        line = CartItem.objects.filter(pk=item.pk).first()
        if line is None:  # 0 removes the line, as the cart page says
            assert data["quantity"] == "0"
            line = CartItem.objects.create(pk=item.pk, cart=item.cart, product=item.product)
        assert 1 <= line.quantity <= item.product.stock, data


# --- Checkout ------------------------------------------------------------------------

ADDRESS_FIELDS = ("full_name", "mobile", "line1", "line2", "city", "state", "pin_code")


def checkout_data(**overrides) -> dict:
    data = {
        "address": "new",
        "payment_method": "cod",
        "idempotency_key": secrets.token_urlsafe(12),
        "new-full_name": "Asha Devi",
        "new-mobile": "9876543210",
        "new-line1": "12 Chowk Bazaar",
        "new-line2": "",
        "new-city": "Varanasi",
        "new-state": "UP",
        "new-pin_code": "221001",
    }
    data.update(overrides)
    return data


def test_hostile_checkout_fields_give_a_form_error_or_a_clean_order(world, clients):
    client = clients["shopper"]
    url = reverse("orders:checkout")
    fields = ["address", "payment_method", "idempotency_key"] + [f"new-{f}" for f in ADDRESS_FIELDS]
    send_all(client, url, checkout_data(), fields, "POST /checkout/")
    for order in Order.objects.filter(buyer=world.users["shopper"]):
        assert "\x00" not in order.full_name + order.line1 + order.city
        assert len(order.pin_code) == 6 and order.pin_code.isdigit()
        assert order.mobile.startswith("+91")


def test_a_bad_pin_code_is_refused_with_a_clear_message_in_hindi_too(world, clients):
    client = clients["shopper"]
    client.get("/hi/")
    response = client.post("/hi/checkout/", checkout_data(**{"new-pin_code": "12ab"}))
    assert response.status_code == 200
    assert "पिन" in response.content.decode() or "PIN" in response.content.decode()
    assert response.context["address_form"].errors["pin_code"]


# --- Seller onboarding ---------------------------------------------------------------


def profile_data(world, **overrides) -> dict:
    data = {
        "display_name": "Asha Handicrafts",
        "display_name_hi": "आशा हस्तशिल्प",
        "district": world.objects["district"].pk,
        "craft": world.objects["craft"].pk,
        "story": "I weave.",
        "story_hi": "",
        "mobile": "9876543210",
    }
    data.update(overrides)
    return data


def test_hostile_onboarding_profile_fields_give_form_errors(world, clients):
    client = clients["anonymous"]
    client.force_login(UserFactory(email="new-artisan@example.com"))
    url = reverse("console:onboarding_step", kwargs={"step": "profile"})
    send_all(
        client, url, profile_data(world), profile_data(world), "POST /sell/onboarding/profile/"
    )
    profile = SellerProfile.objects.get(user__email="new-artisan@example.com")
    assert profile.mobile.startswith("+91")
    assert "\x00" not in profile.display_name + profile.story


BUSINESS = {
    "udyam_number": "UDYAM-UP-50-0012345",
    "gstin": "",
    "pan": "ABCPE1234F",
    "bank_account_number": "123456789012",
    "ifsc": "SBIN0001234",
    "account_holder_name": "Asha Devi",
}


def test_hostile_onboarding_business_fields_give_form_errors(world, clients):
    draft = SellerFactory(status=SellerProfile.Status.DRAFT, onboarding_step="business")
    client = clients["anonymous"]
    client.force_login(draft.user)
    url = reverse("console:onboarding_step", kwargs={"step": "business"})
    send_all(client, url, BUSINESS, None, "POST /sell/onboarding/business/")
    draft.refresh_from_db()
    assert draft.pan in ("", "ABCPE1234F")
    assert draft.bank_account_number.isdigit()


# --- Listings ------------------------------------------------------------------------


def listing_data(world, **overrides) -> dict:
    data = {
        "title": "Chikankari kurta",
        "title_hi": "",
        "description": "Hand embroidered.",
        "description_hi": "",
        "craft": world.objects["craft"].pk,
        "price": "1250.50",
        "fulfilment": "ready",
        "stock": "5",
        "processing_days": "0",
        "materials": "cotton",
        "materials_hi": "",
        "weight_grams": "300",
        "length_cm": "",
        "width_cm": "",
        "height_cm": "",
        "action": "draft",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "new-TOTAL_FORMS": "4",
        "new-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_hostile_listing_fields_give_form_errors_and_save_nothing_half_done(world, clients):
    client = clients["seller_a"]
    url = reverse("console:product_edit", kwargs={"pk": world.draft_a.pk})
    before = Product.objects.count()
    send_all(
        client, url, listing_data(world), listing_data(world), "POST /sell/products/<id>/edit/"
    )
    new = reverse("console:product_create")
    send_all(
        client, new, listing_data(world), ["title", "price", "stock"], "POST /sell/products/new/"
    )
    assert Product.objects.count() == before  # a listing without a photo is refused
    for product in Product.objects.filter(seller=world.seller_a):
        assert product.price >= 1 and product.stock >= 0


# --- Artisan's order actions, buyer's cancel, language switch ------------------------


def test_hostile_order_actions_are_refused_or_handled(world, clients):
    url = reverse("console:order_detail", kwargs={"pk": world.suborder_a.pk})
    base = {"action": "ship", "courier": "India Post", "tracking_number": "EE1IN", "reason": "x"}
    send_all(clients["seller_a"], url, base, None, "POST /sell/orders/<id>/")
    cancel = reverse("orders:order_cancel", kwargs={"number": world.order.number})
    for data in each_value({"suborder": ""}, "suborder"):
        probe(clients["shopper"], "post", cancel, data, "POST /orders/<number>/cancel/")


def test_the_language_switch_never_redirects_off_site(world, clients):
    url = reverse("set_language")
    for nxt in ("https://evil.example/", "//evil.example/", "/\\evil.example", *HOSTILE):
        for language in ("hi", "xx", "\x00"):
            data = {"language": language, "next": nxt}
            response = probe(clients["anonymous"], "post", url, data, "POST /i18n/setlang/", 2)
            location = urlsplit(response.get("Location", "/"))
            assert not location.scheme and not location.netloc, location


# --- What was stored is shown escaped ------------------------------------------------


def test_markup_typed_into_stored_fields_is_shown_as_text(world, clients):
    payload = XSS[0]
    Product.objects.filter(pk=world.product_a.pk).update(
        title=payload, description=payload, materials=payload
    )
    SellerProfile.objects.filter(pk=world.seller_a.pk).update(display_name=payload, story=payload)
    Order.objects.filter(pk=world.order.pk).update(full_name=payload, line1=payload)
    pages = {
        "anonymous": ["/products/saree-from-a/", "/artisans/artisan-a/", "/districts/varanasi/",
                      "/search/?q=alert", "/collections/festive/", "/"],
        "shopper": [f"/orders/{world.order.number}/", "/orders/"],
        "seller_a": ["/sell/products/", f"/sell/products/{world.product_a.pk}/edit/",
                     f"/sell/orders/{world.suborder_a.pk}/", "/sell/orders/", "/sell/"],
        "operations": [f"/admin/orders/order/{world.order.pk}/change/"],
    }  # fmt: skip
    for role, paths in pages.items():
        for path in paths:
            response = probe(clients[role], "get", path, {}, "GET pages showing stored markup")
            assert response.status_code == 200, path
    escaped = clients["anonymous"].get("/products/saree-from-a/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in escaped
