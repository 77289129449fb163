"""Who may open what: every URL the project defines × every role → the expected answer.

The URLs come from walking the resolver (includes, namespaces and i18n_patterns), so a
URL added without an entry in ``EXPECTED`` (or, for the Django admin, a model without
an entry in ``ADMIN_ACCESS``) fails ``test_every_url_has_expected_access_rules``.

An answer is written as the status code (``"200"``, ``"403"``, ``"404"``, ``"405"``),
``"login"`` for a redirect to the sign-in page, ``"admin-login"`` for Django admin's
redirect to its login (which hands over to the sign-in page with the code step, see
accounts/admin_site.py), or ``"-> /path/"`` for any other redirect.

Object URLs are filled with objects that belong to artisan A and to the first shopper,
so that artisan B, the waiting artisan and the other roles try someone else's id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from engagement.models import Notice, StockAlert
from kernel.models import Message
from payments.models import (
    CommissionRate,
    GatewayOrder,
    LedgerEntry,
    Payment,
    Payout,
    PayoutRun,
    ReconciliationReport,
    Refund,
    WebhookEvent,
)
from tests.security.conftest import ROLES, World
from tests.security.urlwalk import Route, all_routes

pytestmark = pytest.mark.django_db

SELL = "-> /sell/"
ONBOARD = "-> /sell/onboarding/"
CART = "-> /cart/"


def every(answer: str, **overrides: str) -> dict[str, str]:
    return {**dict.fromkeys(ROLES, answer), **overrides}


def signed_in(answer: str, **overrides: str) -> dict[str, str]:
    """Anonymous visitors are sent to sign in; everyone signed in gets ``answer``."""
    return {**dict.fromkeys(ROLES, answer), "anonymous": "login", **overrides}


def artisans_only(answer: str, **overrides: str) -> dict[str, str]:
    """Artisan pages: people without an artisan profile are sent to start onboarding."""
    return signed_in(
        answer,
        **{
            "shopper": ONBOARD,
            "curator": ONBOARD,
            "operations": ONBOARD,
            "officer": ONBOARD,
            **overrides,
        },
    )


def approved_only(answer: str, **overrides: str) -> dict[str, str]:
    """Order pages for artisans: only approved ones; the others go to the dashboard."""
    return signed_in(SELL, **{"seller_a": answer, "seller_b": answer, **overrides})


# --- Where each route points (objects of artisan A and of the first shopper) ---------

Kwargs = Callable[[World], dict]

KWARGS: dict[str, Kwargs] = {
    "sitemap_section": lambda w: {"section": "products"},
    "media": lambda w: {"path": "products/images/1/320.jpg"},
    "catalog:district": lambda w: {"slug": w.objects["district"].slug},
    "catalog:craft": lambda w: {"slug": w.objects["craft"].slug},
    "catalog:product": lambda w: {"slug": w.product_a.slug},
    "catalog:artisan": lambda w: {"slug": w.seller_a.slug},
    "catalog:collection": lambda w: {"slug": w.objects["collection"].slug},
    "catalog:event": lambda w: {"slug": w.objects["event"].slug},
    "catalog:gi_tag": lambda w: {"slug": w.objects["gitag"].slug},
    "dashboards:district": lambda w: {"slug": w.objects["district"].slug},
    "admin:sellers_giauthoriseduser_document": lambda w: {
        "object_id": w.objects["giauthoriseduser"].pk
    },
    "console:onboarding_step": lambda w: {"step": "profile"},
    "console:product_edit": lambda w: {"pk": w.product_a.pk},
    "console:product_archive": lambda w: {"pk": w.product_a.pk},
    "console:order_detail": lambda w: {"pk": w.suborder_a.pk},
    "orders:cart_update": lambda w: {"pk": w.objects["cart_item"].pk},
    "orders:cart_remove": lambda w: {"pk": w.objects["cart_item"].pk},
    "orders:order_detail": lambda w: {"number": w.order.number},
    "orders:order_cancel": lambda w: {"number": w.order.number},
    "payments:pay": lambda w: {"number": w.other_order.number},
    "engagement:review_create": lambda w: {"line_id": w.objects["unreviewed_line"].pk},
    "engagement:review_edit": lambda w: {"pk": w.objects["review"].pk},
    "engagement:review_report": lambda w: {"pk": w.objects["review"].pk},
    "engagement:product_reviews": lambda w: {"slug": w.product_a.slug},
    "console:review_reply": lambda w: {"pk": w.objects["review"].pk},
    "console:statement_csv": lambda w: {"year": 2026, "month": 11},
    "console:statement_pdf": lambda w: {"year": 2026, "month": 11},
    "admin:payments_payoutrun_neft": lambda w: {"pk": payment_records(w)["payments_payoutrun"].pk},
    "admin:payments_payoutrun_sent": lambda w: {"pk": payment_records(w)["payments_payoutrun"].pk},
    "orders:return_create": lambda w: {
        "number": w.objects["unreviewed_line"].suborder.order.number,
        "line_id": w.objects["unreviewed_line"].pk,
    },
    "orders:return_dispute": lambda w: {"number": w.order.number, "pk": w.objects["return"].pk},
    "orders:evidence_photo": lambda w: {"kind": "return", "pk": w.objects["return_photo"].pk},
    "console:return_detail": lambda w: {"pk": w.objects["return"].pk},
    "console:return_action": lambda w: {"pk": w.objects["return"].pk},
    "console:workshop": lambda w: {"pk": w.objects["workshop"].pk},
    "console:workshop_import": lambda w: {"pk": w.objects["workshop"].pk},
    "console:workshop_import_confirm": lambda w: {"pk": w.objects["workshop"].pk},
    "console:consent_start": lambda w: {"pk": w.objects["workshop"].pk},
    "console:consent_verify": lambda w: {"pk": w.objects["consent"].pk},
    "console:assist": lambda w: {"artisan_id": w.seller_a.user.pk},
    "console:assist_profile": lambda w: {"artisan_id": w.seller_a.user.pk},
    "console:assist_business": lambda w: {"artisan_id": w.seller_a.user.pk},
    "console:assist_product": lambda w: {"artisan_id": w.seller_a.user.pk},
    "console:assist_submit": lambda w: {"artisan_id": w.seller_a.user.pk},
    "account_confirm_email": lambda w: {"key": "not-a-real-key"},
    "account_reset_password_from_key": lambda w: {"uidb36": "1", "key": "not-a-real-key"},
    "admin:app_list": lambda w: {"app_label": "catalog"},
    "admin:auth_user_password_change": lambda w: {"id": w.users["shopper"].pk},
    "admin:view_on_site": lambda w: {
        "content_type_id": ContentType.objects.get_for_model(w.product_a).pk,
        "object_id": w.product_a.pk,
    },
}

# --- Expected answers for every named URL outside the admin's model pages -------------

REAUTH = "-> /accounts/reauthenticate/"
STAFF_ONLY = {"curator": "200", "operations": "200", "officer": "200"}
#: The ODOP cell's dashboard: staff roles that may see it; signed-in others are refused.
DASHBOARD = every("403", anonymous="admin-login", curator="200", operations="200", officer="200")

EXPECTED: dict[str, dict[str, str]] = {
    # Site-wide
    "healthz": every("200"),
    "set_language": every("-> /"),
    "robots_txt": every("200"),
    "csrf_token": every("200"),
    "sitemap": every("200"),
    "sitemap_section": every("200"),
    "media": every("404"),  # finished photos only (tests/test_media.py); none in this world
    # Catalogue: public
    "catalog:home": every("200"),
    "catalog:districts": every("200"),
    "catalog:district": every("200"),
    "catalog:craft": every("200"),
    "catalog:product": every("200"),
    "catalog:artisan": every("200"),
    "catalog:collection": every("200"),
    "catalog:events": every("200"),
    "catalog:event": every("200"),
    "catalog:gi_tag": every("200"),
    "catalog:search": every("200"),
    "catalog:search_suggest": every("200"),
    # Cart (anonymous carts are allowed) and checkout (an empty cart goes back to it)
    "orders:cart": every("200"),
    "orders:cart_add": every("405"),
    "orders:cart_update": every("405"),
    "orders:cart_remove": every("405"),
    "orders:checkout": signed_in(CART, shopper="200"),
    # A buyer's orders: the list is one's own; another buyer's order is a 404
    "orders:order_list": signed_in("200"),
    "orders:order_detail": signed_in("404", shopper="200"),
    "orders:order_cancel": signed_in("405"),
    # Returns: the line is the other shopper's; a return photo is shown to its buyer, its
    # artisan and operations, a 404 to anyone else
    "orders:return_create": signed_in("404"),
    "orders:return_dispute": signed_in("405"),
    "orders:evidence_photo": signed_in("404", shopper="200", seller_a="200", operations="200"),
    # Online payment: the pay page is the buyer's alone (another shopper's order: 404); the
    # gateway's return without its signed fields is refused; the webhook takes only POST
    "payments:pay": signed_in("404"),
    "payments:razorpay_return": every("400"),
    "razorpay_webhook": every("405"),
    # Delivery reports: not set up in tests (no token / app secret), so not there at all.
    "sms_delivery_report": every("404"),
    "whatsapp_webhook": every("404"),
    # Wishlist (anonymous lists are allowed), stock alerts and reviews: the line and the
    # review are the other shopper's, so no role may review that line or edit the review
    "engagement:wishlist": every("200"),
    "engagement:wishlist_toggle": every("405"),
    "engagement:wishlist_move": every("405"),
    "engagement:stock_alert": signed_in("405"),
    "engagement:review_create": signed_in("-> /orders/"),
    "engagement:review_edit": signed_in("404"),
    "engagement:review_report": signed_in("200"),
    "engagement:product_reviews": every("200"),
    # Seller dashboard and onboarding
    "console:dashboard": signed_in("200"),
    "console:onboarding": signed_in(
        SELL,
        shopper="-> /sell/onboarding/profile/",
        curator="-> /sell/onboarding/profile/",
        operations="-> /sell/onboarding/profile/",
        officer="-> /sell/onboarding/profile/",
    ),
    "console:onboarding_submit": signed_in("405"),
    "console:onboarding_step": signed_in(
        SELL, shopper="200", curator="200", operations="200", officer="200"
    ),
    # Listings: artisan A's product is A's alone
    "console:products": artisans_only("200"),
    "console:product_create": artisans_only("200"),
    "console:product_edit": artisans_only("404", seller_a="200"),
    "console:product_archive": artisans_only("405"),
    # GI authorised-user claims: an artisan's own, like listings
    "console:gi_claims": artisans_only("200"),
    # Orders to fulfil: approved artisans only, and only their own sub-orders
    "console:order_list": approved_only("200"),
    "console:order_detail": approved_only("404", seller_a="200"),
    # Returns to answer: only the artisan's own
    "console:return_list": approved_only("200"),
    "console:return_detail": approved_only("404", seller_a="200"),
    "console:return_action": approved_only("405"),
    # Reviews of one's products, and the one reply (a POST)
    "console:reviews": approved_only("200"),
    "console:review_reply": approved_only("405"),
    # Earnings and monthly statements: approved artisans, their own ledger only
    "console:earnings": approved_only("200"),
    "console:statement_csv": approved_only("200"),
    "console:statement_pdf": approved_only("200"),
    # ODOP helpers' workshop pages: the helper role only (operations hold it too, but no
    # district, so the workshop of Varanasi is not theirs); every artisan step also needs
    # that artisan's consent to that helper, which no role has (tests/console covers it)
    "console:workshops": signed_in("403", operations="200"),
    "console:workshop_create": signed_in("403", operations="200"),
    "console:workshop": signed_in("403", operations="404"),
    "console:workshop_import": signed_in("403", operations="404"),
    "console:workshop_import_confirm": signed_in("403", operations="405"),
    "console:consent_start": signed_in("403", operations="404"),
    "console:consent_verify": signed_in("403", operations="404"),
    "console:assist": signed_in("403"),
    "console:assist_profile": signed_in("403"),
    "console:assist_business": signed_in("403"),
    "console:assist_product": signed_in("403"),
    "console:assist_submit": signed_in("403"),
    # Django admin pages that are not per model
    "admin:index": every("admin-login", **STAFF_ONLY),
    "admin:app_list": every("admin-login", **{**STAFF_ONLY, "officer": "404"}),
    "admin:login": every(
        "403",
        anonymous="login",
        curator="-> /admin/",
        operations="-> /admin/",
        officer="-> /admin/",
    ),
    "admin:logout": every("-> /admin/", curator="405", operations="405", officer="405"),
    "admin:password_change": every("admin-login", **STAFF_ONLY),
    "admin:password_change_done": every("admin-login", **STAFF_ONLY),
    "admin:autocomplete": every("admin-login", curator="403", operations="403", officer="403"),
    "admin:jsi18n": every("admin-login", **STAFF_ONLY),
    "admin:view_on_site": every(
        "admin-login",
        curator="-> /products/saree-from-a/",
        operations="-> /products/saree-from-a/",
        officer="-> /products/saree-from-a/",
    ),
    "admin:auth_user_password_change": every(
        "admin-login", curator="403", operations="403", officer="403"
    ),
    "admin:orders_order_export": every(
        "admin-login", curator="403", operations="200", officer="403"
    ),
    # A GI certificate is streamed to staff who may see the claim (operations), never
    # served from a public address.
    "admin:sellers_giauthoriseduser_document": every(
        "admin-login", curator="403", operations="200", officer="403"
    ),
    # Payout runs: operations (run_payouts); the NEFT file also needs sellers.view_kyc
    "admin:payments_payoutrun_start": every(
        "admin-login", curator="403", operations="405", officer="403"
    ),
    "admin:payments_payoutrun_sent": every(
        "admin-login", curator="403", operations="405", officer="403"
    ),
    "admin:payments_payoutrun_neft": every(
        "admin-login", curator="403", operations="200", officer="403"
    ),
    "admin:payments_payoutrun_return": every(
        "admin-login", curator="403", operations="200", officer="403"
    ),
    # Operations import a workshop's attendee list (import-export's pages)
    "admin:sellers_attendee_import": every(
        "admin-login", curator="403", operations="200", officer="403"
    ),
    # (POST only; a POST from curators or officers is refused: tests/admin)
    "admin:sellers_attendee_process_import": every(
        "admin-login", curator="405", operations="405", officer="405"
    ),
    "admin/(?P<url>.*)$": every("admin-login", curator="404", operations="404", officer="404"),
    # The ODOP cell's dashboard (under /admin/, so behind the two-step sign-in). The
    # officer covers this district; other districts are tested in tests/dashboards.
    "dashboards:state": DASHBOARD,
    "dashboards:district": DASHBOARD,
    # allauth: sign-in, sign-up, email, password and two-factor pages
    "account_login": every("-> /", anonymous="200"),
    "account_logout": every("200", anonymous="-> /"),
    "account_inactive": every("200"),
    "account_signup": every("-> /", anonymous="200"),
    "account_reauthenticate": signed_in("200"),
    "account_request_reauthentication_code": signed_in(
        REAUTH, curator="200", operations="200", officer="200"
    ),
    "account_confirm_reauthentication_code": signed_in("-> /accounts/reauthenticate/code/"),
    "account_email": signed_in("200"),
    "accounts:email_language": signed_in("200"),
    "account_email_verification_sent": every("200"),
    "account_change_password": signed_in("200"),
    "account_set_password": signed_in("-> /accounts/password/change/"),
    "account_reset_password": every("200"),
    # Sign-in by code (mobile number or email): the confirm page needs a pending code.
    "account_request_login_code": every("-> /", anonymous="200"),
    "account_confirm_login_code": every("-> /", anonymous="-> /accounts/login/code/"),
    "account_change_phone": signed_in("200"),
    "account_verify_phone": every("-> /accounts/phone/change/", anonymous="login"),
    "accounts:updates_channel": signed_in("200"),
    "account_confirm_email": every("200"),
    "account_reset_password_from_key_done": every("200"),
    "account_reset_password_from_key": every("200"),
    "account_reset_password_done": every("200"),
    "mfa_index": signed_in("200"),
    "mfa_authenticate": signed_in("-> /"),
    "mfa_reauthenticate": signed_in(REAUTH, curator="200", operations="200", officer="200"),
    "mfa_activate_totp": signed_in(
        "-> /accounts/2fa/", curator=REAUTH, operations=REAUTH, officer=REAUTH
    ),
    "mfa_deactivate_totp": signed_in("404", curator=REAUTH, operations=REAUTH, officer=REAUTH),
    "mfa_view_recovery_codes": signed_in("404"),
    "mfa_generate_recovery_codes": signed_in(REAUTH),
    "mfa_download_recovery_codes": signed_in("404"),
}


# --- The Django admin: per model, what each staff role may do ------------------------

#: admin URL model key → {role: actions}. "view" opens the list and the (read-only)
#: change page and history; "add"/"change"/"delete" open those pages.
#: A staff role not listed for a model gets 403 on every page of it; people who are not
#: staff are sent to sign in whatever the page.
ADMIN_ACCESS: dict[str, dict[str, str]] = {
    "auth_group": {},
    "account_emailaddress": {},
    "mfa_authenticator": {},
    "accounts_user": {},
    "accounts_address": {},
    "districts_district": {"curator": "add change view", "operations": "view"},
    "districts_craft": {"curator": "add change view", "operations": "view"},
    "districts_gitag": {"curator": "add change view delete"},
    "districts_districtofficerassignment": {"operations": "add change view delete"},
    "catalog_event": {"curator": "add change view delete"},
    "sellers_giauthoriseduser": {"operations": "change view"},
    "districts_odopproduct": {"curator": "add change view delete"},
    "catalog_featuredproduct": {"curator": "add change view delete"},
    "catalog_collection": {"curator": "add change view delete"},
    "catalog_product": {"curator": "change view", "operations": "view"},
    "sellers_sellerprofile": {"curator": "view", "operations": "add change view"},
    "orders_order": {"operations": "view"},
    "orders_suborder": {"operations": "view"},
    "orders_returnrequest": {"operations": "change view"},
    "payments_gatewayorder": {"operations": "view"},
    "payments_payment": {"operations": "view"},
    "payments_refund": {"operations": "view"},
    "payments_webhookevent": {"operations": "view"},
    "payments_reconciliationreport": {"operations": "view"},
    "payments_commissionrate": {"operations": "add change view delete"},
    "payments_ledgerentry": {"operations": "add view"},
    "payments_payoutrun": {"operations": "view"},
    "payments_payout": {"operations": "view"},
    "engagement_review": {"curator": "change view"},
    "engagement_stockalert": {},
    "engagement_notice": {},
    "sellers_helperassignment": {"operations": "add change view delete"},
    "sellers_workshop": {"operations": "add change view delete"},
    "sellers_attendee": {"operations": "add change view delete"},
    "sellers_assistedaction": {"operations": "view"},
    "kernel_message": {"operations": "view"},
}
STAFF_ROLES = ("curator", "operations", "officer")

ADMIN_ACTIONS = ("changelist", "add", "history", "delete", "change")


def admin_objects(w: World) -> dict[str, object]:
    """One object per admin model, for the URLs that take an object id."""
    curator = w.users["curator"]
    return {
        "auth_group": Group.objects.get(name="ODOP curator"),
        "account_emailaddress": EmailAddress.objects.get(user=curator),
        "mfa_authenticator": Authenticator.objects.get(user=curator),
        "accounts_user": w.users["shopper"],
        "accounts_address": w.users["shopper"].addresses.first(),
        "districts_district": w.objects["district"],
        "districts_craft": w.objects["craft"],
        "districts_gitag": w.objects["gitag"],
        "districts_districtofficerassignment": w.objects["districtofficerassignment"],
        "sellers_helperassignment": w.objects["helperassignment"],
        "sellers_workshop": w.objects["workshop"],
        "sellers_attendee": w.objects["attendee"],
        "sellers_assistedaction": w.objects["assistedaction"],
        "catalog_event": w.objects["event"],
        "sellers_giauthoriseduser": w.objects["giauthoriseduser"],
        "districts_odopproduct": w.objects["odopproduct"],
        "catalog_featuredproduct": w.objects["featuredproduct"],
        "catalog_collection": w.objects["collection"],
        "catalog_product": w.product_a,
        "sellers_sellerprofile": w.seller_a,
        "orders_order": w.order,
        "orders_suborder": w.suborder_a,
        "orders_returnrequest": w.objects["return"],
        "engagement_review": w.objects["review"],
        "kernel_message": Message.objects.get_or_create(
            dedupe_key="matrix",
            defaults={"channel": "sms", "to": "+919876543210", "template": "login_code"},
        )[0],
        "engagement_stockalert": StockAlert.objects.get_or_create(
            user=w.users["shopper"], product=w.product_b
        )[0],
        "engagement_notice": Notice.objects.get_or_create(
            dedupe_key="matrix",
            defaults={
                "kind": "back_in_stock",
                "recipient": w.users["shopper"],
                "product": w.product_b,
            },
        )[0],
        **payment_records(w),
    }


def payment_records(w: World) -> dict[str, object]:
    """One of each payment record (on the first shopper's order), made once per world."""
    gateway_order, _ = GatewayOrder.objects.get_or_create(
        order=w.order,
        defaults={
            "gateway_order_id": "order_Matrix00000001",
            "receipt": w.order.number,
            "amount": w.order.total,
            "expires_at": w.order.placed_at,
        },
    )
    payment, _ = Payment.objects.get_or_create(
        gateway_payment_id="pay_Matrix000000001",
        defaults={
            "gateway_order": gateway_order,
            "amount": w.order.total,
            "currency": "INR",
            "status": "captured",
        },
    )
    refund, _ = Refund.objects.get_or_create(
        key="matrix", defaults={"payment": payment, "amount": w.order.total}
    )
    event, _ = WebhookEvent.objects.get_or_create(event_id="evt_Matrix", event="payment.captured")
    report = ReconciliationReport.objects.first() or ReconciliationReport.objects.create(
        day=w.order.placed_at.date()
    )
    run = PayoutRun.objects.first() or PayoutRun.objects.create(method=PayoutRun.Method.NEFT)
    payout, _ = Payout.objects.get_or_create(
        reference="ODOP-MATRIX-1",
        defaults={"run": run, "seller": w.seller_a, "amount": w.order.total},
    )
    entry, _ = LedgerEntry.objects.get_or_create(
        key="adjustment:matrix",
        defaults={
            "seller": w.seller_a,
            "kind": LedgerEntry.Kind.ADJUSTMENT,
            "amount": w.order.total,
            "reason": "Matrix",
            "occurred_at": w.order.placed_at,
            "payable_at": w.order.placed_at,
        },
    )
    # A rate not yet in force: operations may still change or delete it.
    rate, _ = CommissionRate.objects.get_or_create(
        note="matrix", defaults={"percent": 5, "starts_on": date(2099, 1, 1)}
    )
    return {
        "payments_payoutrun": run,
        "payments_payout": payout,
        "payments_ledgerentry": entry,
        "payments_commissionrate": rate,
        "payments_gatewayorder": gateway_order,
        "payments_payment": payment,
        "payments_refund": refund,
        "payments_webhookevent": event,
        "payments_reconciliationreport": report,
    }


def _admin_model(route: Route) -> tuple[str, str] | None:
    """(model key, action) for a Django admin model URL, or None for any other URL."""
    if route.name and route.name.startswith("admin:") and route.key not in EXPECTED:
        base = route.name.removeprefix("admin:")
        for action in ADMIN_ACTIONS:
            if base.endswith(f"_{action}"):
                return base.removesuffix(f"_{action}"), action
    if route.name is None and route.route.endswith("/<path:object_id>/"):
        app, model = route.route.split("/")[1:3]
        return f"{app}_{model}", "redirect"
    return None


def _admin_expected(model: str, action: str, path: str) -> dict[str, str] | None:
    if model not in ADMIN_ACCESS:
        return None
    answers = dict.fromkeys(ROLES, "admin-login")
    needed = {
        "changelist": {"view", "change"},
        "history": {"view", "change"},
        "change": {"view", "change"},
        "add": {"add"},
        "delete": {"delete"},
    }
    for role in STAFF_ROLES:
        if action == "redirect":  # the old /admin/app/model/<id>/ form points to the change page
            answers[role] = f"-> {path}change/"
            continue
        allowed = set(ADMIN_ACCESS[model].get(role, "").split())
        answers[role] = "200" if allowed & needed[action] else "403"
    return answers


def expected_for(route: Route, path: str = "") -> dict[str, str] | None:
    admin = _admin_model(route)
    if admin:
        return _admin_expected(*admin, path)
    return EXPECTED.get(route.key)


def path_for(route: Route, w: World) -> str:
    admin = _admin_model(route)
    if admin and admin[1] != "changelist":
        model, action = admin
        pk = admin_objects(w)[model].pk
        if action == "add":
            return reverse(route.name)
        if action == "redirect":
            return f"/{route.route.split('<')[0]}{pk}/"
        return reverse(route.name, kwargs={"object_id": pk})
    if route.name:
        return reverse(route.name, kwargs=KWARGS.get(route.key, lambda w: {})(w))
    return "/" + route.route.replace("(?P<url>.*)$", "no-such-page/")


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = urlsplit(response["Location"]).path.removeprefix("/hi")
        if location == "/accounts/login/":
            return "login"
        if location.endswith("/admin/login/"):
            return "admin-login"
        return f"-> {location}"
    return str(response.status_code)


def routes_without_rules() -> list[str]:
    return [
        f"URL {route.route} ({route.key}) has no expected access rules"
        for route in all_routes()
        if expected_for(route) is None
    ]


def test_every_url_has_expected_access_rules():
    missing = routes_without_rules()
    assert not missing, "\n".join(missing)


def test_a_url_added_without_rules_is_reported(settings):
    settings.ROOT_URLCONF = "tests.security.urls_with_a_new_page"
    assert routes_without_rules() == [
        "URL sell/brand-new/ (brand_new) has no expected access rules",
        "URL admin/sellers/newmodel/ (admin:sellers_newmodel_changelist) has no expected "
        "access rules",
    ]


def test_the_expectations_name_no_url_that_is_gone():
    keys = {route.key for route in all_routes()}
    admin_models = {m[0] for m in map(_admin_model, all_routes()) if m}
    stale = sorted(set(EXPECTED) - keys) + sorted(set(KWARGS) - keys)
    stale += sorted(set(ADMIN_ACCESS) - admin_models)
    assert not stale, f"Entries for URLs the project no longer defines: {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_answer_from_every_url(role, world, clients):
    client = clients[role]
    wrong = []
    for route in all_routes():
        if expected_for(route) is None:
            continue  # reported by test_every_url_has_expected_access_rules
        path = path_for(route, world)
        expected = expected_for(route, path)
        got = outcome(client.get(path))
        if got != expected[role]:
            wrong.append(f"{path} ({route.key}): expected {expected[role]}, got {got}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_the_hindi_urls_answer_anonymous_visitors_like_the_english_ones(world, clients):
    wrong = []
    for route in all_routes():
        if not route.translated or expected_for(route) is None:
            continue
        with translation.override("en"):  # the previous /hi/ request left Hindi active
            path = path_for(route, world)
        expected = expected_for(route, path)
        got = outcome(clients["anonymous"].get("/hi" + path))
        if got != expected["anonymous"]:
            wrong.append(f"/hi{path}: expected {expected['anonymous']}, got {got}")
    assert not wrong, "\n".join(wrong)
