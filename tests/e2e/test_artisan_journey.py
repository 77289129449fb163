"""Journey 2: a new artisan, in Hindi on a phone, from sign-up to a delivered order.

An operations admin (with two-factor sign-in) approves them in the Django admin on a
desktop screen. Celery runs eagerly in the tests, so the photos are processed inline when
the listing is saved; tests/catalog/test_image_worker.py covers the real worker.
"""

import re
import secrets

from django.core import mail
from playwright.sync_api import expect

from catalog.models import Product
from districts.models import ODOPProduct
from orders import services as orders
from orders.models import SubOrder
from sellers.models import SellerProfile
from tests.e2e.conftest import (
    E2E,
    PASSWORD,
    confirmation_link,
    enter_totp_code,
    hi,
    jpeg_file,
    make_shopper,
    make_staff,
)

pytestmark = E2E

ARTISAN = "ramesh.bunkar@example.com"
ADMIN = "ops@odop.example"


def _emails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def _sign_up_from_sell(page, site, journey) -> None:
    page.goto(f"{site}/hi/")
    page.get_by_role("navigation", name=hi("Main")).get_by_role(
        "link", name=hi("Sell"), exact=True
    ).click()
    page.wait_for_url("**/hi/accounts/login/**")
    page.get_by_role("link", name=hi("Create an account")).click()
    page.get_by_label(hi("Email")).fill(ARTISAN)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name=hi("Create account")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Check your email"))
    page.goto(site + confirmation_link(ARTISAN))
    page.get_by_role("button", name=hi("Yes, confirm")).click()
    page.wait_for_url("**/hi/sell/")
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Sell on ODOP Market"))
    journey.shot(page, "sell-start")


def _onboard(page, journey, *, district_hi: str, craft_hi: str) -> None:
    page.get_by_role("link", name=hi("Start my application")).click()
    page.wait_for_url("**/hi/sell/onboarding/profile/")
    page.get_by_label(hi("Your name or shop name (in English)")).fill("Ramesh Kumar Weavers")
    page.get_by_label(hi("Your name or shop name (in Hindi)")).fill("रमेश कुमार बुनकर")
    page.get_by_label(hi("Your district")).select_option(label=district_hi)
    page.get_by_label(hi("Your craft")).select_option(label=craft_hi)
    page.get_by_label(hi("Your story (in Hindi)")).fill(
        "मेरे दादा जी ने मुझे गड्ढा करघे पर बनारसी साड़ी बुनना सिखाया।"
    )
    page.get_by_label(hi("Mobile number")).fill("+91 98765 43210")
    journey.shot(page, "onboarding-profile")
    page.get_by_role("button", name=hi("Save and continue")).click()

    page.wait_for_url("**/hi/sell/onboarding/business/")
    page.get_by_label(hi("Bank account number")).fill("123456789012")
    page.get_by_label(hi("IFSC of your bank branch")).fill("SBIN0001234")
    page.get_by_label(hi("Account holder's name")).fill("Ramesh Kumar")
    journey.shot(page, "onboarding-business")
    page.get_by_role("button", name=hi("Save and continue")).click()

    page.wait_for_url("**/hi/sell/onboarding/review/")
    expect(page.locator("main")).to_contain_text("रमेश कुमार बुनकर")
    expect(page.locator("main")).not_to_contain_text("123456789012")  # masked
    expect(page.locator("main")).to_contain_text("+91 98765 43210")  # whole, formatted
    journey.shot(page, "onboarding-review")
    page.get_by_role("button", name=hi("Send my application")).click()
    page.wait_for_url("**/hi/sell/")
    expect(page.get_by_role("heading", name=hi("We are checking your details"))).to_be_visible()
    journey.shot(page, "application-sent")


def _admin_approves(admin_page, site, journey) -> None:
    """The operations admin signs in with password and authenticator code, and approves."""
    admin_page.goto(f"{site}/admin/")
    admin_page.wait_for_url("**/accounts/login/?next=/admin/")
    admin_page.get_by_label("Email").fill(ADMIN)
    admin_page.get_by_label("Password").fill(PASSWORD)
    admin_page.get_by_role("button", name="Sign in").click()
    admin_page.wait_for_url("**/accounts/2fa/authenticate/")
    journey.shot(admin_page, "admin-code")
    enter_totp_code(admin_page)
    admin_page.wait_for_url(f"{site}/admin/")
    journey.shot(admin_page, "admin-home")

    admin_page.goto(f"{site}/admin/sellers/sellerprofile/?queue=pending")
    row = admin_page.locator("#result_list tbody tr", has_text="Ramesh Kumar Weavers")
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    admin_page.locator("select[name=action]").select_option(label="Approve the selected artisans")
    journey.shot(admin_page, "admin-approve")
    admin_page.locator("button[name=index]").click()  # "Go"
    expect(admin_page.locator(".messagelist")).to_contain_text("1 artisan approved")
    journey.shot(admin_page, "admin-approved")


def _lists_a_product(page, site, journey, tmp_path) -> Product:
    page.goto(f"{site}/hi/sell/")
    expect(page.get_by_role("heading", name=hi("Your shop at a glance"))).to_be_visible()
    journey.shot(page, "dashboard-approved")
    page.goto(f"{site}/hi/sell/products/new/")
    page.get_by_label(hi("Product name (in English)")).fill("Katan silk saree with meenakari buti")
    page.get_by_label(hi("Product name (in Hindi)")).fill("मीनाकारी बूटी वाली कतान रेशमी साड़ी")
    page.get_by_label(hi("Description (in English)")).fill(
        "Handwoven on a pit loom over three weeks; pure katan silk with zari buti."
    )
    page.get_by_label(hi("Price in rupees (₹), GST included")).fill("7450")
    page.get_by_label(hi("Pieces ready to send")).fill("4")

    first = jpeg_file(tmp_path, "saree-front.jpg", size=(1200, 900))
    second = jpeg_file(tmp_path, "saree-border.jpg", size=(900, 1200), colour=(120, 20, 60))
    slots = page.locator(".photo-slot")
    slots.nth(0).get_by_label(hi("Photo"), exact=False).first.set_input_files(first)
    slots.nth(0).get_by_label(hi("What the photo shows (in Hindi)")).fill("पूरी साड़ी, सामने से")
    page.locator("details.photo-more summary").click()
    slots.nth(1).get_by_label(hi("Photo"), exact=False).first.set_input_files(second)
    slots.nth(1).get_by_label(hi("What the photo shows (in Hindi)")).fill("ज़री का बॉर्डर")
    journey.shot(page, "listing-form")
    page.get_by_role("button", name=hi("Save and publish")).click()
    page.wait_for_url("**/hi/sell/products/")
    journey.shot(page, "my-products")

    product = Product.objects.get(title="Katan silk saree with meenakari buti")
    assert product.status == Product.Status.PUBLISHED
    assert product.images.count() == 2
    return product


def _sees_it_live(page, site, journey, product: Product) -> None:
    images = list(product.images.order_by("position"))
    assert [image.state for image in images] == ["ready", "ready"], [
        (image.state, image.error) for image in images
    ]
    page.goto(f"{site}/hi/products/{product.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("मीनाकारी बूटी वाली कतान रेशमी साड़ी")
    expect(page.locator(".product-price")).to_contain_text("7,450")
    gallery = page.locator(".gallery img")
    expect(gallery).to_have_count(2)
    gallery.nth(0).scroll_into_view_if_needed()
    gallery.nth(1).scroll_into_view_if_needed()
    loaded = gallery.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert loaded == [True, True], "a processed photo did not load"
    expect(gallery.nth(0)).to_have_attribute("alt", "पूरी साड़ी, सामने से")
    journey.shot(page, "product-live")


def _an_order_arrives(product: Product) -> SubOrder:
    """A buyer orders two pieces (their side of the journey is journey 1)."""
    buyer = make_shopper("kavita@example.com")
    cart = orders.get_or_create_cart(user=buyer)
    orders.add_to_cart(cart=cart, product=product, quantity=2)
    address = orders.ShippingAddress(
        full_name="Kavita Sharma",
        mobile="+919812345678",
        line1="B-14, Hazratganj",
        city="Lucknow",
        state="UP",
        pin_code="226001",
    )
    order = orders.place_order(
        buyer=buyer, cart=cart, address=address, idempotency_key=secrets.token_urlsafe(16)
    )
    return order.suborders.get()


def _fulfils(page, site, journey, suborder: SubOrder, tmp_path) -> None:
    page.goto(f"{site}/hi/sell/")
    page.get_by_role("link", name=hi("orders waiting for you")).click()
    page.wait_for_url("**/hi/sell/orders/")
    journey.shot(page, "orders-to-fulfil")
    page.get_by_role("link", name=suborder.order.number).click()
    expect(page.locator("main")).to_contain_text("Kavita Sharma")
    journey.shot(page, "order-placed")

    page.get_by_role("button", name=hi("Accept the order")).click()
    expect(page.get_by_role("button", name=hi("Mark as shipped"))).to_be_visible()
    journey.shot(page, "order-accepted")

    page.get_by_label(hi("Courier")).fill("India Post")
    page.get_by_label(hi("Tracking number")).fill("EE123456789IN")
    # Two sarees at ₹7,450 are above the return-protection threshold: no packing photo,
    # no shipping.
    page.get_by_role("button", name=hi("Mark as shipped")).click()
    expect(page.locator("main")).to_contain_text(
        hi(
            "This parcel has return protection: add at least one photo of the packed "
            "item with its tag before marking it shipped."
        )
    )
    page.get_by_label(hi("Photos of the packed item (up to 4)")).set_input_files(
        jpeg_file(tmp_path, "packed-sarees.jpg", size=(1200, 900))
    )
    page.get_by_label(hi("Courier")).fill("India Post")
    page.get_by_label(hi("Tracking number")).fill("EE123456789IN")
    page.get_by_role("button", name=hi("Mark as shipped")).click()
    expect(page.locator("main")).to_contain_text("EE123456789IN")
    assert suborder.packing_photos.count() == 1
    journey.shot(page, "order-shipped")

    page.get_by_role("button", name=hi("Mark as delivered")).click()
    expect(page.locator("main")).to_contain_text(hi("Nothing more to do for this order."))
    journey.shot(page, "order-delivered")

    suborder.refresh_from_db()
    assert suborder.status == SubOrder.Status.DELIVERED
    assert (suborder.courier, suborder.tracking_number) == ("India Post", "EE123456789IN")
    assert [e.to_status for e in suborder.events.order_by("pk")][-3:] == [
        "accepted",
        "shipped",
        "delivered",
    ]


def test_a_new_artisan_is_approved_lists_a_product_with_photos_and_delivers_an_order(
    page, desktop_page, site, districts, journey, tmp_path
):
    odop = ODOPProduct.objects.select_related("district", "craft").get(
        district__slug="varanasi", name__icontains="silk"
    )
    make_staff(ADMIN, role="ODOP operations")

    _sign_up_from_sell(page, site, journey)
    _onboard(page, journey, district_hi=odop.district.name_hi, craft_hi=odop.craft.name_hi)
    assert SellerProfile.objects.get(user__email=ARTISAN).status == SellerProfile.Status.PENDING

    before = _emails_to(ARTISAN)
    _admin_approves(desktop_page, site, journey)
    assert SellerProfile.objects.get(user__email=ARTISAN).status == SellerProfile.Status.APPROVED
    told = _emails_to(ARTISAN)[len(before) :]
    assert len(told) == 1, [m.subject for m in told]  # told once, in the language of sign-up
    assert re.search("[\u0900-\u097f]", told[0].subject), told[0].subject

    product = _lists_a_product(page, site, journey, tmp_path)
    _sees_it_live(page, site, journey, product)

    suborder = _an_order_arrives(product)
    _fulfils(page, site, journey, suborder, tmp_path)
    product.refresh_from_db()
    assert product.stock == 2
