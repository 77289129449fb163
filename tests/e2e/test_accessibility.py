"""axe-core in the browser on the pages people use most, in English and Hindi, and the
shopper's path with the keyboard alone."""

import pytest
from django.core.management import call_command

from accounts.models import User
from catalog.models import Product
from sellers.models import Workshop
from tests.e2e.conftest import (
    E2E,
    Journey,
    log_in_browser,
    make_shopper,
    new_page,
    serious_violations,
)
from tests.factories import SellerFactory

pytestmark = E2E


@pytest.fixture
def demo_catalogue(districts) -> Product:
    """Varanasi's demo artisans and products, with processed photos; returns one in stock."""
    call_command("seed_demo", districts="varanasi", verbosity=0)
    return (
        Product.objects.filter(district__slug="varanasi", status="published", stock__gt=5)
        .order_by("price")
        .first()
    )


def _check(page, url: str, problems: list[str], journey: Journey, step: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} answered {response and response.status}"
    journey.shot(page, step)
    problems.extend(serious_violations(page))


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_main_pages_have_no_serious_accessibility_violations(
    browser, site, demo_catalogue, journey, lang
):
    prefix = "/hi" if lang == "hi" else ""
    product = demo_catalogue
    shopper = make_shopper(f"shopper-{lang}@example.com")
    artisan = SellerFactory(district=product.district, craft=product.craft).user
    problems: list[str] = []

    public = new_page(browser)
    for step, path in [
        ("home", "/"),
        ("districts", "/districts/"),
        ("district", f"/districts/{product.district.slug}/"),
        ("product", f"/products/{product.slug}/"),
        ("search", "/search/?q=saree"),
    ]:
        _check(public, f"{site}{prefix}{path}", problems, journey, step)
    public.context.close()

    buyer = new_page(browser)
    log_in_browser(buyer, site, shopper)
    buyer.goto(f"{site}{prefix}/products/{product.slug}/")
    buyer.locator("form.add-to-cart button[type=submit]").click()
    buyer.wait_for_url(f"**{prefix}/cart/")
    for step, path in [
        ("cart", "/cart/"),
        ("checkout", "/checkout/"),
        ("onboarding", "/sell/onboarding/"),
    ]:
        _check(buyer, f"{site}{prefix}{path}", problems, journey, step)
    buyer.context.close()

    seller = new_page(browser)
    log_in_browser(seller, site, artisan)
    _check(seller, f"{site}{prefix}/sell/products/new/", problems, journey, "listing-form")
    seller.context.close()

    # An ODOP helper at a workshop (seed_demo's helper and workshop).
    helper = new_page(browser)
    log_in_browser(helper, site, User.objects.get(email="helper@odop.example"))
    workshop = Workshop.objects.get(district=product.district)
    for step, path in [
        ("workshops", "/sell/workshops/"),
        ("workshop", f"/sell/workshops/{workshop.pk}/"),
        ("workshop-import", f"/sell/workshops/{workshop.pk}/import/"),
        ("workshop-onboard", f"/sell/workshops/{workshop.pk}/onboard/"),
    ]:
        _check(helper, f"{site}{prefix}{path}", problems, journey, step)
    helper.context.close()

    assert not problems, f"{len(problems)} serious/critical axe violations:\n" + "\n".join(problems)


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName, id: el.id, text: el.innerText || el.value || "",
                href: el.getAttribute("href"), cls: el.className,
                outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                shadow: style.boxShadow !== "none",
                visible: box.width > 0 && box.height > 0 && box.top >= 0
                    && box.bottom <= window.innerHeight,
            };
        }"""
    )


def _tab_until(page, predicate, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = _focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"not reached with {limit} presses of Tab; last: {element}")


def test_a_shopper_can_search_and_add_to_cart_with_the_keyboard_alone(page, site, demo_catalogue):
    product = demo_catalogue
    journey = Journey("keyboard")
    page.goto(f"{site}/hi/products/{product.slug}/")

    # The first Tab lands on the skip link, which becomes visible with a focus ring.
    page.keyboard.press("Tab")
    skip = _focused(page)
    assert skip["href"] == "#main", skip
    assert skip["visible"] and (skip["outline"] or skip["shadow"]), skip
    journey.shot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # From the top of the page, Tab reaches the search box; typing and Enter searches.
    page.goto(f"{site}/hi/products/{product.slug}/")
    search = _tab_until(page, lambda el: el["id"] == "site-search")
    assert search["outline"] or search["shadow"], search
    page.keyboard.type("साड़ी")
    journey.shot(page, "search-focused")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hi/search/?q=*")

    # Back on the product, Tab to "Add to cart" (visible focus) and press Enter.
    page.goto(f"{site}/hi/products/{product.slug}/")
    button = _tab_until(page, lambda el: el["tag"] == "BUTTON" and el["text"] == "कार्ट में डालें")
    assert button["visible"] and (button["outline"] or button["shadow"]), button
    journey.shot(page, "add-to-cart-focused")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hi/cart/")
    assert page.get_by_role("link", name=product.title_hi or product.title).is_visible()
    journey.shot(page, "cart")
