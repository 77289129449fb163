"""A small marketplace with one person in every role, for the security tests.

``world`` builds it: two approved artisans (A and B) with a product each, an artisan
still waiting for approval, two shoppers with an order each (the first shopper's order
has a part from A and a part from B), and two staff members with an authenticator app,
one in each staff role. ``clients`` gives a signed-in test client per role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from catalog.models import Event, Product
from districts.models import DistrictOfficerAssignment, ODOPProduct
from engagement.models import Review
from orders.models import Cart, CartItem, Order
from sellers.models import (
    AssistedAction,
    AssistedConsent,
    GIAuthorisedUser,
    SellerProfile,
    Workshop,
)
from tests.admin.conftest import sign_in_with_code
from tests.factories import TEST_ADDRESS as ADDRESS  # noqa: F401  (test_failures uses it)
from tests.factories import (
    AddressFactory,
    CollectionItemFactory,
    CraftFactory,
    DistrictFactory,
    FeaturedProductFactory,
    GITagFactory,
    OrderFactory,
    OrderLineFactory,
    ProductFactory,
    SellerFactory,
    SubOrderFactory,
    UserFactory,
)
from tests.factories import place_test_order as order_for
from tests.roles import restore_staff_roles
from tests.security.redis_server import broker_on, cache_on, redis_server  # noqa: F401

CURATOR = "ODOP curator"
OPERATIONS = "ODOP operations"
OFFICER = "ODOP district officer"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#: Every role the authorization matrix checks, in the order its tables list them.
ROLES = (
    "anonymous",
    "shopper",
    "seller_a",
    "seller_b",
    "pending",
    "curator",
    "operations",
    "officer",
)


def make_staff(*, group: str, email: str):
    """A staff member in a role group (made by the roles migration), with TOTP set up."""
    user = UserFactory(email=email, is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(Group.objects.get(name=group))
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
    )
    return user


@dataclass
class World:
    users: dict[str, Any]
    seller_a: SellerProfile
    seller_b: SellerProfile
    pending: SellerProfile
    product_a: Product
    product_b: Product
    draft_a: Product
    order: Order
    other_order: Order
    objects: dict[str, Any] = field(default_factory=dict)

    @property
    def suborder_a(self):
        return self.order.suborders.get(seller=self.seller_a)

    @property
    def suborder_b(self):
        return self.order.suborders.get(seller=self.seller_b)


def _return_of(suborder, buyer) -> dict:
    """A return of the shopper's line from artisan A, with one finished photo."""
    from orders.models import ReturnPhoto, ReturnRequest

    line = suborder.lines.get()
    return_request = ReturnRequest.objects.create(
        line=line,
        suborder=suborder,
        buyer=buyer,
        quantity=1,
        reason="damaged",
        refund_amount=line.unit_price,
    )
    photo = ReturnPhoto(return_request=return_request, state="ready")
    photo.original.save("photo.jpg", ContentFile(b"jpeg"), save=False)
    photo.rendition.save("rendition.jpg", ContentFile(b"jpeg"), save=False)
    photo.save()
    return {"return": return_request, "return_photo": photo}


@pytest.fixture
def world(db) -> World:
    restore_staff_roles()
    district = DistrictFactory(name="Varanasi", slug="varanasi")
    craft = CraftFactory(name="Textiles", slug="textiles")
    gi_tag = GITagFactory(name="Banarasi Saree")
    seller_a = SellerFactory(
        user=UserFactory(email="artisan-a@example.com"),
        display_name="Artisan A",
        slug="artisan-a",
        district=district,
        craft=craft,
        pan="ABCPE1234F",
        gstin="09ABCPE1234F1Z5",
    )
    seller_b = SellerFactory(
        user=UserFactory(email="artisan-b@example.com"),
        display_name="Artisan B",
        slug="artisan-b",
        district=district,
        craft=craft,
    )
    pending = SellerFactory(
        user=UserFactory(email="artisan-pending@example.com"),
        display_name="Artisan Pending",
        slug="artisan-pending",
        district=district,
        craft=craft,
        status=SellerProfile.Status.PENDING,
        submitted_at=timezone.now(),
    )
    product_a = ProductFactory(seller=seller_a, title="Saree from A", slug="saree-from-a")
    product_b = ProductFactory(seller=seller_b, title="Dupatta from B", slug="dupatta-from-b")
    draft_a = ProductFactory(
        seller=seller_a, title="Draft of A", slug="draft-of-a", status=Product.Status.DRAFT
    )
    ProductFactory(seller=pending, slug="pending-draft", status=Product.Status.DRAFT)
    shopper = UserFactory(email="shopper@example.com")
    other_shopper = UserFactory(email="other-shopper@example.com")
    AddressFactory(user=shopper)
    order = order_for(shopper, (product_a, 1), (product_b, 1))
    other_order = order_for(other_shopper, (product_b, 1))
    collection = CollectionItemFactory(product=product_a, collection__slug="festive").collection
    users = {
        "shopper": shopper,
        "other_shopper": other_shopper,
        "seller_a": seller_a.user,
        "seller_b": seller_b.user,
        "pending": pending.user,
        "curator": make_staff(group=CURATOR, email="curator@example.com"),
        "operations": make_staff(group=OPERATIONS, email="operations@example.com"),
        "officer": make_staff(group=OFFICER, email="officer@example.com"),
    }
    # A delivered purchase of A's saree, reviewed by the other shopper (an order of its
    # own, so the orders above and the first shopper's order count stay as they were).
    delivered = OrderLineFactory(
        suborder=SubOrderFactory(
            order=OrderFactory(buyer=other_shopper),
            seller=seller_a,
            status="delivered",
            line=None,
        ),
        product=product_a,
    )
    unreviewed = OrderLineFactory(suborder=delivered.suborder, product=product_a)
    # The officer covers Varanasi (artisan A's and B's district) and nothing else.
    assignment = DistrictOfficerAssignment.objects.create(user=users["officer"], district=district)
    today = timezone.localdate()
    # A workshop in Varanasi and a consent code sent there by a helper who is none of the
    # roles: no role may open them (operations may run workshops, but have no district).
    workshop = Workshop.objects.create(district=district, held_on=today, venue="Block hall")
    helper = UserFactory(email="helper@example.com")
    consent = AssistedConsent.objects.create(
        mobile="+919812345678",
        helper=helper,
        workshop=workshop,
        artisan=seller_a.user,
        code_hash="0" * 64,
        expires_at=timezone.now(),
        verified_at=timezone.now(),
    )
    objects = {
        "review": Review.objects.create(
            order_line=delivered, product=product_a, author=other_shopper, rating=5
        ),
        "unreviewed_line": unreviewed,
        "district": district,
        "craft": craft,
        "gitag": gi_tag,
        "collection": collection,
        "odopproduct": ODOPProduct.objects.create(district=district, name="Silk", craft=craft),
        "featuredproduct": FeaturedProductFactory(product=product_a),
        "event": Event.objects.create(
            slug="district-mela",
            name="District mela",
            starts_on=today,
            ends_on=today,
            venue="Town hall",
            city="Varanasi",
            is_published=True,
        ),
        "giauthoriseduser": GIAuthorisedUser.objects.create(
            seller=seller_a,
            gi_tag=gi_tag,
            authorised_user_number="AU-1",
            document=ContentFile(b"%PDF-1.4 certificate", name="certificate.pdf"),
        ),
        "districtofficerassignment": assignment,
        **_return_of(order.suborders.get(seller=seller_a), shopper),
        "workshop": workshop,
        "consent": consent,
        "attendee": workshop.attendees.create(name="Shabnam", mobile="+919812345678"),
        "helperassignment": workshop.district.helper_assignments.create(user=helper),
        "assistedaction": AssistedAction.objects.create(
            artisan=seller_a.user, helper=helper, workshop=workshop, action="consent"
        ),
        "cart_item": CartItem.objects.create(
            cart=Cart.objects.get_or_create(user=shopper)[0], product=product_b, quantity=1
        ),
    }
    return World(
        users=users,
        seller_a=seller_a,
        seller_b=seller_b,
        pending=pending,
        product_a=product_a,
        product_b=product_b,
        draft_a=draft_a,
        order=order,
        other_order=other_order,
        objects=objects,
    )


@pytest.fixture
def clients(world: World) -> dict[str, Client]:
    """One test client per role, signed in (the anonymous one is not)."""
    result = {"anonymous": Client()}
    for role in ROLES[1:]:
        result[role] = Client()
        if world.users[role].is_staff:  # staff sign in with the TOTP code, as they must
            sign_in_with_code(result[role], world.users[role])
        else:
            result[role].force_login(world.users[role])
    return result


@pytest.fixture
def celery_worker_env(tmp_path, settings):
    """Worker emails go to files; a short visibility timeout lets a new worker take over."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    return {
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }
