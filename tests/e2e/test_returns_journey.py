"""Journey: a buyer in Hindi returns a delivered, prepaid kurta with a photo; the artisan
(also in Hindi, on a phone) accepts, books the pickup and marks the item received; the
buyer sees the refund. The refund goes through the Razorpay stand-in (real SDK), whose
webhooks reach the live server. A week later the weekly payout run pays the artisan what
is payable, and their statement, in Hindi on a phone, shows the sale, the fees and taxes,
the return and the payout. Screenshots at 390 px in tests/e2e/artifacts/returns/."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from orders.models import Order, ReturnRequest
from orders.returns import window_closes_on
from payments.models import Refund
from payments.payouts import run_payouts
from tests.e2e.conftest import (
    DESKTOP,
    E2E,
    Journey,
    hi,
    jpeg_file,
    log_in_browser,
    make_shopper,
    new_page,
    rupees,
    serious_violations,
)
from tests.factories import ProductFactory, SellerFactory, UserFactory
from tests.orders.returns_helpers import deliver
from tests.payments.conftest import WEBHOOK_PATH, gateway_order_for, prepaid_order, start_standin

pytestmark = E2E


@pytest.fixture
def journey(request) -> Journey:
    """One screenshots folder per journey: returns/ and returns-operations/."""
    return Journey("returns-operations" if "operations" in request.node.name else "returns")


@pytest.fixture
def gateway(settings, site):
    standin = start_standin(settings, webhook_url=site + WEBHOOK_PATH, auto_webhooks=True)
    yield standin
    standin.stop()


def _reload_until(page, text: str, tries: int = 20) -> None:
    for _ in range(tries):
        if text in page.locator("main").inner_text():
            return
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator("main")).to_contain_text(text)


def test_a_buyer_returns_a_kurta_with_a_photo_and_sees_the_refund_in_hindi(
    page, browser, site, gateway, journey, tmp_path
):
    artisan = SellerFactory(
        user=UserFactory(email="shabana@example.com", preferred_language="hi"),
        display_name="Shabana Chikan Works",
        display_name_hi="शबाना चिकन वर्क्स",
    )
    kurta = ProductFactory(
        seller=artisan, title="Chikankari kurta", title_hi="चिकनकारी कुर्ता",
        price=Decimal("1450.00"), stock=3,
    )  # fmt: skip
    shopper = make_shopper("kavita@example.com")
    order = prepaid_order(shopper, (kurta, 2))
    _payment, params = gateway.pay(gateway_order_for(order).gateway_order_id, webhooks=False)
    Client().post(reverse("payments:razorpay_return"), params)
    assert Order.objects.get(pk=order.pk).payment_status == "paid"
    deliver(order.suborders.get(), days_ago=2)
    log_in_browser(page, site, shopper)

    # The buyer's order page: the return window and the link on the line.
    page.goto(f"{site}/hi/orders/{order.number}/")
    with translation.override("hi"):
        last_day = date_format(window_closes_on(order.suborders.get()), "DATE_FORMAT")
    expect(page.locator("main")).to_contain_text(
        hi("Returns possible until %(date)s.") % {"date": last_day}
    )
    journey.shot(page, "delivered-order")
    page.get_by_role("link", name=hi("Return this item")).click()

    # The return form: a reason, a note and a photo.
    page.wait_for_url(f"**/hi/orders/{order.number}/lines/*/return/")
    expect(page.get_by_role("heading", level=1)).to_have_text(hi("Return an item"))
    page.get_by_label(hi("Not as shown or described")).check()
    page.get_by_label(hi("Tell the artisan more (optional)")).fill("कढ़ाई फ़ोटो जैसी नहीं है")
    page.get_by_label(hi("Photos of the item (up to 4)")).set_input_files(
        jpeg_file(tmp_path, "kurta.jpg", size=(900, 1200))
    )
    journey.shot(page, "return-form")
    assert not serious_violations(page), serious_violations(page)
    page.get_by_role("button", name=hi("Ask for the return")).click()

    page.wait_for_url(f"**/hi/orders/{order.number}/")
    main = page.locator("main")
    expect(main).to_contain_text(hi("Your return is asked for. The artisan has been told."))
    expect(main).to_contain_text(hi("Return asked for"))
    expect(main.locator(".evidence-photos img")).to_have_count(1)
    journey.shot(page, "return-asked")
    return_request = ReturnRequest.objects.get()
    assert return_request.photos.get().is_ready

    # The artisan, on a phone in Hindi: the dashboard count, the list, the return.
    artisan_page = new_page(browser)
    try:
        log_in_browser(artisan_page, site, artisan.user)
        artisan_page.goto(f"{site}/hi/sell/")
        expect(artisan_page.locator("main")).to_contain_text(hi("returns waiting for you"))
        artisan_page.get_by_role("link", name=hi("returns waiting for you")).click()
        artisan_page.wait_for_url("**/hi/sell/returns/")
        journey.shot(artisan_page, "artisan-returns")
        artisan_page.get_by_role("link", name=order.number).click()
        artisan_page.wait_for_url(f"**/hi/sell/returns/{return_request.pk}/")
        expect(artisan_page.locator(".evidence-photos img")).to_have_count(1)
        journey.shot(artisan_page, "artisan-return")
        assert not serious_violations(artisan_page), serious_violations(artisan_page)
        artisan_page.get_by_role("button", name=hi("Accept the return")).click()
        artisan_page.wait_for_url(f"**/hi/sell/returns/{return_request.pk}/")
        artisan_page.get_by_label(hi("Courier")).fill("Delhivery")
        artisan_page.get_by_label(hi("Tracking number")).fill("DLV4455")
        artisan_page.get_by_role("button", name=hi("Save the pickup")).click()
        artisan_page.wait_for_url(f"**/hi/sell/returns/{return_request.pk}/")
        artisan_page.get_by_label(hi("Yes, put it back in stock")).check()
        journey.shot(artisan_page, "artisan-receives")
        artisan_page.get_by_role("button", name=hi("I have received the item")).click()
        artisan_page.wait_for_url(f"**/hi/sell/returns/{return_request.pk}/")
        expect(artisan_page.locator("main")).to_contain_text(
            hi("Nothing more to do for this return.")
        )
        journey.shot(artisan_page, "artisan-done")
    finally:
        artisan_page.context.close()

    # The refund went to the gateway; the buyer sees it once the gateway confirms.
    refund = Refund.objects.get()
    assert refund.amount == Decimal("1450.00") and refund.key == f"return:{return_request.pk}"
    page.goto(f"{site}/hi/orders/{order.number}/")
    _reload_until(page, hi("sent back to you"))
    main = page.locator("main")
    expect(main).to_contain_text(rupees(Decimal("1450.00")))
    expect(main.locator(".refund-done")).to_be_visible()
    expect(main).to_contain_text("Delhivery")
    journey.shot(page, "refunded")
    assert not serious_violations(page), serious_violations(page)
    kurta.refresh_from_db()
    assert kurta.stock == 2  # 3 − 2 sold + 1 resellable back on the shelf

    # The same pages on a desktop, in Hindi and in English, for the record.
    desk = new_page(browser, viewport=DESKTOP, locale="en-IN")
    try:
        log_in_browser(desk, site, shopper)
        desk.goto(f"{site}/hi/orders/{order.number}/")
        journey.shot(desk, "refunded-desktop-hi")
        desk.goto(f"{site}/orders/{order.number}/")
        expect(desk.locator(".refund-done")).to_contain_text("Refunded ₹1,450 on")
        journey.shot(desk, "refunded-desktop-en")
        log_in_browser(desk, site, artisan.user)
        desk.goto(f"{site}/sell/returns/{return_request.pk}/")
        expect(desk.locator("main")).to_contain_text("Refunded ₹1,450 to the buyer.")
        journey.shot(desk, "artisan-desktop-en")
    finally:
        desk.context.close()

    # A week on (the sale was ledgered when the test delivered it, so its return window
    # runs from then), the weekly payout run pays what is payable; the artisan's statement,
    # in Hindi on a phone, shows every row of it.
    run = run_payouts(now=timezone.now() + timedelta(days=8))
    payout = run.payouts.get()
    assert payout.seller_id == artisan.pk and payout.amount > 0
    statement_page = new_page(browser)
    try:
        log_in_browser(statement_page, site, artisan.user)
        seen = []
        months = sorted(
            {timezone.localdate().replace(day=1), timezone.localdate(run.started_at).replace(day=1)}
        )
        for month in months:
            statement_page.goto(f"{site}/hi/sell/earnings/?month={month:%Y-%m}")
            seen.append(statement_page.locator("main").inner_text())
        journey.shot(statement_page, "artisan-statement")
        assert not serious_violations(statement_page), serious_violations(statement_page)
    finally:
        statement_page.context.close()
    statement = "\n".join(seen)
    for label in (
        "Sale",
        "Marketplace commission",
        "GST TCS (section 52)",
        "Return reversal",
        "Payout",
    ):
        assert hi(label) in statement, label
    assert payout.reference in statement
    assert rupees(Decimal("2900.00")) in statement and rupees(Decimal("1450.00")) in statement


def test_operations_see_both_sets_of_photos_and_uphold_a_refusal(
    desktop_page, site, journey, tmp_path
):
    from orders.returns import (
        Payout,
        accept_return,
        dispute_return,
        reject_return,
        request_return,
    )
    from tests.e2e.conftest import PASSWORD, enter_totp_code, make_staff
    from tests.orders.returns_helpers import jpeg

    artisan = SellerFactory(display_name="Varanasi Silk House")
    sari = ProductFactory(
        seller=artisan, title="Banarasi silk sari", price=Decimal("12500.00"), stock=2
    )
    buyer = make_shopper("neha@example.com")
    order = prepaid_order(buyer, (sari, 1))
    Order.objects.filter(pk=order.pk).update(payment_method="cod", payment_status="pending")
    order.refresh_from_db()
    deliver(order.suborders.get(), packing_photos=[jpeg("pack1.jpg"), jpeg("pack2.jpg")])
    return_request = request_return(
        line=order.suborders.get().lines.get(),
        buyer=buyer,
        quantity=1,
        reason="wrong_item",
        photos=[jpeg("back.jpg", size=(700, 900))],
        payout=Payout(upi_id="neha@oksbi"),
    )
    from orders.evidence import process_evidence_photo

    for photo in [*return_request.photos.all(), *order.suborders.get().packing_photos.all()]:
        process_evidence_photo(photo.kind, photo.pk)
    reject_return(return_request=return_request, by=artisan.user, reason="tag_missing")
    dispute_return(return_request=return_request, by=buyer, note="The tag was never there")
    # Another buyer's sari of the same artisan came back torn, and the return was accepted.
    other = prepaid_order(make_shopper("ira@example.com"), (sari, 1))
    Order.objects.filter(pk=other.pk).update(payment_method="cod", payment_status="pending")
    deliver(other.suborders.get(), packing_photos=[jpeg("pack3.jpg")])
    accept_return(
        return_request=request_return(
            line=other.suborders.get().lines.get(),
            buyer=other.buyer,
            quantity=1,
            reason="damaged",
            photos=[jpeg("torn.jpg")],
            payout=Payout(upi_id="ira@okhdfc"),
        ),
        by=artisan.user,
    )
    make_staff("ops@example.com", role="ODOP operations")

    admin = desktop_page
    admin.goto(f"{site}/admin/")
    admin.get_by_label("Email").fill("ops@example.com")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    admin.wait_for_url("**/accounts/2fa/authenticate/")
    enter_totp_code(admin)
    admin.wait_for_url(f"{site}/admin/")
    admin.goto(f"{site}/admin/orders/returnrequest/?status__exact=disputed")
    expect(admin.locator("#result_list tbody tr")).to_have_count(1)
    journey.shot(admin, "ops-disputed-returns")
    admin.goto(f"{site}/admin/orders/returnrequest/{return_request.pk}/change/")
    expect(admin.locator(".evidence-column img")).to_have_count(3)
    journey.shot(admin, "ops-evidence-side-by-side")

    admin.goto(f"{site}/admin/orders/returnrequest/")
    admin.locator(f"input[name=_selected_action][value='{return_request.pk}']").check()
    admin.locator("select[name=action]").select_option("uphold_rejection")
    admin.locator("button[name=index]").click()
    admin.get_by_label("Reason", exact=False).fill("The packing photos show the tag.")
    admin.get_by_role("button", name="Decide and email them").click()
    expect(admin.locator(".messagelist")).to_contain_text("1 return decided.")
    journey.shot(admin, "ops-decided")
    assert ReturnRequest.objects.get(pk=return_request.pk).status == "closed"

    # The district's dashboard: one of its two parts has an accepted return; the upheld
    # refusal does not count.
    admin.goto(f"{site}/admin/dashboard/districts/{artisan.district.slug}/")
    return_rate = admin.locator(".dash-figures li", has_text="Return rate")
    expect(return_rate).to_contain_text("50.0%")
    journey.shot(admin, "ops-dashboard-return-rate")
