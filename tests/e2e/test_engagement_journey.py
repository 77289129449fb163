"""Journey: trust and return visits, in Hindi on a phone (issue 19).

A buyer whose order was delivered reviews it with a photo, the artisan replies, and another
shopper sees both. That shopper saves a sold-out product, asks to be told when it is back,
and gets one email in Hindi when the artisan restocks it through the listing form.
"""

from __future__ import annotations

from django.core import mail
from django.core.files import File
from playwright.sync_api import expect

from catalog.images import process_product_image
from catalog.models import Product, ProductImage
from engagement.models import Review, StockAlert, WishlistItem
from orders.models import SubOrder
from tests.e2e.conftest import E2E, hi, jpeg_file, log_in_browser, make_shopper, new_page
from tests.factories import ProductFactory, SellerFactory, place_test_order

pytestmark = E2E

REVIEW_TEXT = "बहुत सुंदर साड़ी, ज़री का काम बढ़िया है। <b>शानदार</b>"
REPLY_TEXT = "धन्यवाद! आपका फिर से स्वागत है।"


def _photo(product, tmp_path, name: str) -> None:
    """A real photo, processed into renditions as the worker would."""
    image = ProductImage(product=product)
    image.original.save(name, File(jpeg_file(tmp_path, name).open("rb")), save=True)
    process_product_image(image.pk)


def _catalogue(tmp_path):
    seller = SellerFactory(display_name="Ramesh Weavers", display_name_hi="रमेश बुनकर")
    saree = ProductFactory(
        seller=seller, title="Banarasi silk saree", title_hi="बनारसी रेशमी साड़ी", stock=3
    )
    lamp = ProductFactory(seller=seller, title="Silk stole", title_hi="रेशमी स्टोल", stock=0)
    _photo(saree, tmp_path, "saree-listing.jpg")
    _photo(lamp, tmp_path, "stole-listing.jpg")
    return seller, saree, lamp


def test_reviews_replies_wishlist_and_a_back_in_stock_alert_in_hindi(
    page, browser, site, journey, tmp_path
):
    seller, saree, stole = _catalogue(tmp_path)
    buyer = make_shopper("meera@example.com")
    buyer.full_name = "Meera Sharma"
    buyer.preferred_language = "hi"
    buyer.save()
    order = place_test_order(buyer, (saree, 1))
    SubOrder.objects.filter(order=order).update(status=SubOrder.Status.DELIVERED)

    # The buyer reviews the delivered saree from her order page, with a photo.
    log_in_browser(page, site, buyer)
    page.goto(f"{site}/hi/orders/{order.number}/")
    page.get_by_role("link", name=hi("Review this product")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Review your purchase"))
    page.get_by_label(hi("4 stars: good")).check()
    page.get_by_label(hi("Your review")).fill(REVIEW_TEXT)
    page.get_by_label(hi("Photos (up to 3)")).set_input_files(str(jpeg_file(tmp_path, "saree.jpg")))
    journey.shot(page, "review-form")
    page.get_by_role("button", name=hi("Publish your review")).click()
    page.wait_for_url(f"**/hi/products/{saree.slug}/**")
    expect(page.locator("#reviews")).to_contain_text(REVIEW_TEXT)
    journey.shot(page, "review-published")
    review = Review.objects.get()
    assert review.rating == 4 and review.has_photos

    # The artisan replies once, from the console.
    artisan = new_page(browser)
    log_in_browser(artisan, site, seller.user)
    artisan.goto(f"{site}/hi/sell/reviews/")
    expect(artisan.locator("main")).to_contain_text(REVIEW_TEXT)
    artisan.get_by_label(hi("Your public reply")).fill(REPLY_TEXT)
    artisan.get_by_role("button", name=hi("Publish the reply")).click()
    expect(artisan.locator("main")).to_contain_text(hi("Your reply is published."))
    journey.shot(artisan, "artisan-replied")
    artisan.context.close()

    # Another shopper sees the rating, the review with its photo, and the reply.
    shopper = make_shopper("asha@example.com")
    shopper.preferred_language = "hi"
    shopper.save()
    other = new_page(browser)
    log_in_browser(other, site, shopper)
    other.goto(f"{site}/hi/products/{saree.slug}/")
    reviews = other.locator("#reviews")
    expect(reviews.get_by_role("heading", level=2)).to_have_text(hi("Reviews from buyers"))
    expect(reviews).to_contain_text(REVIEW_TEXT)  # the markup is shown as text
    expect(reviews).to_contain_text(REPLY_TEXT)
    expect(reviews.locator(".review-photos img")).to_have_count(1)
    expect(other.locator(".product-info .rating strong")).to_have_text("4.0")
    journey.shot(other, "shopper-sees-review-and-reply")

    # The district page's card shows the rating too.
    other.goto(f"{site}/hi{saree.district.get_absolute_url()}")
    card = other.locator("li.product-card", has_text="बनारसी रेशमी साड़ी")
    expect(card.locator(".rating strong")).to_have_text("4.0")

    # The shopper saves the sold-out stole and asks to be told when it is back.
    other.goto(f"{site}/hi/products/{stole.slug}/")
    expect(other.locator(".product-info")).to_contain_text(hi("Out of stock"))
    other.locator(".product-info").get_by_role("button", name=hi("Save")).click()
    expect(other.locator(".product-info .heart-saved")).to_have_count(1)
    other.get_by_role("button", name=hi("Tell me when it is back")).click()
    expect(other.locator("main")).to_contain_text(
        hi("We will email you once when it is back in stock.")
    )
    journey.shot(other, "alert-asked")
    other.goto(f"{site}/hi/wishlist/")
    expect(other.locator("main")).to_contain_text("रेशमी स्टोल")
    journey.shot(other, "wishlist")
    assert WishlistItem.objects.filter(user=shopper, product=stole).exists()
    assert StockAlert.objects.filter(user=shopper, notified_at__isnull=True).count() == 1

    # The artisan restocks it through the listing form; the shopper gets one Hindi email.
    before = len(mail.outbox)
    artisan = new_page(browser)
    log_in_browser(artisan, site, seller.user)
    artisan.goto(f"{site}/hi/sell/products/{stole.pk}/edit/")
    artisan.get_by_label(hi("Pieces ready to send")).fill("2")
    artisan.get_by_role("button", name=hi("Save changes")).click()
    artisan.wait_for_url("**/hi/sell/products/")
    artisan.context.close()
    assert Product.objects.get(pk=stole.pk).stock == 2
    sent = [m for m in mail.outbox[before:] if "asha@example.com" in m.to]
    assert len(sent) == 1, [m.subject for m in mail.outbox[before:]]
    assert sent[0].subject == hi("Back in stock: %(product)s") % {"product": "रेशमी स्टोल"}
    assert f"/hi/products/{stole.slug}/" in sent[0].body
    other.goto(f"{site}/hi/products/{stole.slug}/")
    expect(other.locator(".add-to-cart")).to_have_count(1)
    journey.shot(other, "back-in-stock")
    other.context.close()
