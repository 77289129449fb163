"""Journey 3: a curator features a district's product in the admin; the microsite shows it."""

from django.core.files.base import ContentFile
from playwright.sync_api import expect

from catalog.images import process_product_image
from catalog.models import FeaturedProduct, ProductImage
from districts.models import District
from tests.e2e.conftest import E2E, PASSWORD, enter_totp_code, hi, jpeg_file, make_staff
from tests.factories import ProductFactory, SellerFactory

pytestmark = E2E

CURATOR = "curator@odop.example"


def _photographed(product, tmp_path, colour) -> None:
    photo = jpeg_file(tmp_path, f"{product.slug}.jpg", colour=colour)
    image = ProductImage.objects.create(
        product=product,
        original=ContentFile(photo.read_bytes(), name=photo.name),
        alt_text=product.title,
    )
    process_product_image(image.pk)


def test_a_curator_features_a_product_and_the_district_microsite_shows_it(
    page, desktop_page, site, districts, journey, tmp_path
):
    lucknow = District.objects.get(slug="lucknow")
    seller = SellerFactory(
        district=lucknow,
        display_name="Nazia Chikan House",
        display_name_hi="नाज़िया चिकन हाउस",
        craft=lucknow.odop_products.first().craft,
    )
    kurta = ProductFactory(
        seller=seller,
        title="Hand-embroidered chikankari kurta",
        title_hi="हाथ की चिकनकारी वाला कुर्ता",
    )
    stole = ProductFactory(
        seller=seller, title="Chikankari mulmul stole", title_hi="चिकनकारी मलमल स्टोल"
    )
    _photographed(kurta, tmp_path, (190, 70, 90))
    _photographed(stole, tmp_path, (120, 160, 190))
    make_staff(CURATOR, role="ODOP curator")
    featured = page.get_by_role("region", name=hi("Featured by our curators"))

    # Before: Lucknow's microsite has no curators' picks.
    page.goto(f"{site}/hi/districts/lucknow/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("लखनऊ")
    expect(featured).to_have_count(0)
    journey.shot(page, "microsite-before")

    # The curator signs in to the admin with password and authenticator code.
    admin = desktop_page
    admin.goto(f"{site}/admin/")
    admin.get_by_label("Email").fill(CURATOR)
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url("**/accounts/2fa/authenticate/")
    enter_totp_code(admin)
    admin.wait_for_url(f"{site}/admin/")

    # Products, searched by name; the kurta selected and featured on its district's page.
    admin.get_by_role("link", name="Products", exact=True).first.click()
    admin.wait_for_url("**/admin/catalog/product/")
    admin.locator("#searchbar").fill("chikankari kurta")
    admin.locator("#searchbar").press("Enter")
    row = admin.locator("#result_list tbody tr", has_text="Hand-embroidered chikankari kurta")
    expect(row).to_have_count(1)
    expect(admin.locator("#result_list tbody tr")).to_have_count(1)
    row.locator("input.action-select").check()
    admin.locator("select[name=action]").select_option(
        label="Feature the selected products on their district's page"
    )
    journey.shot(admin, "admin-feature")
    admin.locator("button[name=index]").click()
    expect(admin.locator(".messagelist")).to_contain_text(
        "1 product featured on its district's page."
    )
    journey.shot(admin, "admin-featured")
    assert list(FeaturedProduct.objects.values_list("district__slug", "product__slug")) == [
        ("lucknow", kurta.slug)
    ]

    # After: the microsite shows the kurta among the curators' picks, not the stole, in
    # Hindi and in English. The visitor's browser may keep the page it saw for a minute
    # (Cache-Control max-age=60, docs/http-caching.md); reloading asks again (its ETag
    # no longer matches) and gets the new page.
    page.goto(f"{site}/hi/districts/lucknow/")
    page.reload()
    expect(featured).to_have_count(1)
    expect(featured.get_by_role("link", name="हाथ की चिकनकारी वाला कुर्ता")).to_be_visible()
    expect(featured).not_to_contain_text("चिकनकारी मलमल स्टोल")
    featured.scroll_into_view_if_needed()
    journey.shot(page, "microsite-after-hi")
    page.goto(f"{site}/districts/lucknow/")
    featured_en = page.get_by_role("region", name="Featured by our curators")
    expect(
        featured_en.get_by_role("link", name="Hand-embroidered chikankari kurta")
    ).to_be_visible()
    journey.shot(page, "microsite-after-en")
