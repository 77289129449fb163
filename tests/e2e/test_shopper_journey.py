"""Journey 1: a shopper on a phone, in Hindi, buys from two artisans of one district."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from catalog.models import Product
from orders.models import Order
from tests.e2e.conftest import E2E, confirmation_link, hi, rupees

pytestmark = E2E

EMAIL = "asha.devi@example.com"
PASSWORD = "Sarson-ka-saag-42"


@pytest.fixture
def varanasi(districts) -> None:
    """Varanasi's demo artisans and their products, photos processed."""
    call_command("seed_demo", districts="varanasi", verbosity=0)


def _cards(page) -> list[dict]:
    """The cards of "All products" on a district page: title, price and artisan, in page order."""
    return page.locator("section[aria-labelledby=products] li.product-card").evaluate_all(
        """cards => cards.map(card => ({
            title: card.querySelector(".card-title a").innerText.trim(),
            price: card.querySelector(".price").innerText.trim(),
            artisan: card.querySelector(".card-body .meta").innerText.split("·")[0].trim(),
            out: card.innerText.includes(OUT),
            madeToOrder: card.innerText.includes(MTO),
        }))""".replace("OUT", repr(hi("Out of stock"))).replace("MTO", repr(hi("Made to order")))
    )


def _rupees(text: str) -> Decimal:
    return Decimal(text.replace("₹", "").replace(",", "").split()[0])


def test_a_shopper_on_a_phone_buys_from_two_artisans_in_hindi_with_cash_on_delivery(
    page, site, varanasi, journey
):
    # Home, in Hindi, on a 390 px screen.
    page.goto(f"{site}/hi/")
    expect(page.locator("html")).to_have_attribute("lang", "hi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "page scrolls sideways"
    journey.shot(page, "home")

    # To the districts, then Varanasi.
    page.get_by_role("navigation", name=hi("Main")).get_by_role(
        "link", name=hi("Districts"), exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        hi("All 75 districts of Uttar Pradesh")
    )
    journey.shot(page, "districts")
    page.get_by_role("link", name="वाराणसी", exact=True).click()
    page.wait_for_url("**/hi/districts/varanasi/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("वाराणसी")
    journey.shot(page, "district")

    # Filter: in stock only, at most ₹3,000, cheapest first.
    filters = page.locator("form.filters")
    filters.get_by_label(hi("Only in stock")).check()
    filters.get_by_label(hi("Highest price (₹)")).fill("3000")
    filters.get_by_label(hi("Sort by")).select_option(label=hi("Price: low to high"))
    filters.get_by_role("button", name=hi("Show products")).click()
    page.wait_for_url("**/hi/districts/varanasi/?*in_stock=on*")
    cards = _cards(page)
    journey.shot(page, "district-filtered")
    prices = [_rupees(card["price"]) for card in cards]
    assert cards, "the filters left no product"
    assert prices == sorted(prices) and max(prices) <= 3000, cards
    assert not any(card["out"] for card in cards), cards
    # Ready-to-ship products: made-to-order ones are pinned by their own test below.
    ready = [card for card in cards if not card["madeToOrder"]]
    first = ready[0]
    second = next(card for card in ready if card["artisan"] != first["artisan"])

    # Open the cheapest product and add it to the cart.
    page.get_by_role("link", name=first["title"], exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first["title"])
    journey.shot(page, "product-1")
    page.get_by_role("button", name=hi("Add to cart")).click()
    page.wait_for_url("**/hi/cart/")
    journey.shot(page, "cart-1")

    # Back to the filtered district (the browser's back, twice), a second artisan's product.
    page.go_back()
    page.go_back()
    page.get_by_role("link", name=second["title"], exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second["title"])
    journey.shot(page, "product-2")
    page.get_by_role("button", name=hi("Add to cart")).click()
    page.wait_for_url("**/hi/cart/")

    # The cart groups the two artisans' parcels.
    for card in (first, second):
        expect(page.get_by_role("link", name=card["title"], exact=True)).to_be_visible()
        expect(
            page.get_by_role("heading", name=hi("Shipped by %(name)s") % {"name": card["artisan"]})
        ).to_be_visible()
    journey.shot(page, "cart-2")

    # Checkout asks a stranger to sign in; they create an account instead.
    page.get_by_role("link", name=hi("Proceed to checkout")).click()
    page.wait_for_url("**/hi/accounts/login/**")
    journey.shot(page, "sign-in-asked")
    page.get_by_role("link", name=hi("Create an account")).click()
    page.wait_for_url("**/hi/accounts/signup/**")
    page.get_by_label(hi("Email")).fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    journey.shot(page, "sign-up")
    page.get_by_role("button", name=hi("Create account")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Check your email"))
    journey.shot(page, "check-your-email")

    # The emailed link, opened in the same browser, confirms the address and signs in.
    page.goto(site + confirmation_link(EMAIL))
    journey.shot(page, "confirm-email")
    page.get_by_role("button", name=hi("Yes, confirm")).click()
    page.wait_for_url("**/hi/checkout/")  # back where they were going, signed in

    # A new address and cash on delivery.
    form = page.locator("form.checkout-form")
    form.get_by_label(hi("A new address"), exact=True).check()
    form.get_by_label(hi("full name")).fill("आशा देवी")
    form.get_by_label(hi("mobile number")).fill("+91 98765 43210")
    form.get_by_label(hi("house, street")).fill("12, चौक बाज़ार")
    form.get_by_label(hi("town or city")).fill("वाराणसी")
    form.get_by_label(hi("PIN code")).fill("221001")
    form.get_by_label(hi("Cash on delivery")).check()
    journey.shot(page, "checkout")
    form.get_by_role("button", name=hi("Place order: %(total)s").split("%")[0]).click()

    # The order page: one order, two parcels, each from its artisan.
    page.wait_for_url("**/hi/orders/*/")
    order = Order.objects.get(buyer__email=EMAIL)
    expect(page.get_by_role("heading", level=1)).to_contain_text(order.number)
    assert order.payment_method == "cod"
    assert order.mobile == "+919876543210"
    expect(page.locator(".ship-to")).to_contain_text("+91 98765 43210")
    assert order.suborders.count() == 2
    for card in (first, second):
        expect(page.locator("main")).to_contain_text(card["title"])
    assert order.subtotal == _rupees(first["price"]) + _rupees(second["price"])
    expect(page.locator("main")).to_contain_text(rupees(order.total))
    journey.shot(page, "order-placed")

    # And among "My orders".
    page.get_by_role("link", name=hi("My orders")).first.click()
    expect(page.get_by_role("link", name=order.number)).to_be_visible()
    journey.shot(page, "my-orders")


def test_a_made_to_order_product_offered_for_sale_goes_into_the_cart(page, site, varanasi):
    """A made-to-order product the artisan can still take on (stock > 0) is offered with
    "Add to cart", and adding it works."""
    product = Product.objects.filter(
        district__slug="varanasi", fulfilment=Product.Fulfilment.MADE_TO_ORDER, stock__gt=0
    ).first()
    assert product is not None, "the demo catalogue has no made-to-order product"
    page.goto(f"{site}/hi/products/{product.slug}/")
    add = page.get_by_role("button", name=hi("Add to cart"))
    expect(add).to_be_visible()
    add.click()
    page.wait_for_url("**/hi/cart/")
    # The cart page has loaded: the line is there or it is not.
    line = page.get_by_role("link", name=product.title_hi or product.title)
    expect(line).to_be_visible(timeout=2_000)
