"""factory-boy factories for the whole suite."""

import secrets
from decimal import Decimal

import factory
from django.utils.text import slugify

from accounts.models import Address, User
from catalog.models import Collection, CollectionItem, Product
from districts.models import Craft, District, GITag
from orders.models import Cart
from orders.services import ShippingAddress, place_order
from sellers.models import SellerProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name", locale="en_IN")
    password = factory.django.Password("correct-horse-battery")


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    full_name = "Asha Devi"
    mobile = "+919876543210"
    line1 = "12 Chowk Bazaar"
    city = "Varanasi"
    state = "UP"
    pin_code = "221001"
    is_default = True


class CraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Craft
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Craft {n}")
    name_hi = factory.Sequence(lambda n: f"शिल्प {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"District {n}")
    name_hi = factory.Sequence(lambda n: f"ज़िला {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    division = "Varanasi"
    division_hi = "वाराणसी"
    headline = "Known for its craft"
    story = "Artisans here have worked this craft for generations."


class GITagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GITag

    name = factory.Sequence(lambda n: f"GI Tag {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class SellerFactory(factory.django.DjangoModelFactory):
    """An approved artisan unless told otherwise."""

    class Meta:
        model = SellerProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Artisan {n}")
    display_name_hi = factory.Sequence(lambda n: f"कारीगर {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.display_name))
    district = factory.SubFactory(DistrictFactory)
    craft = factory.SubFactory(CraftFactory)
    story = "I learnt this craft from my mother."
    mobile = "+919876543210"
    bank_account_number = "123456789012"
    ifsc = "SBIN0001234"
    account_holder_name = factory.LazyAttribute(lambda o: o.display_name)
    status = SellerProfile.Status.APPROVED


class ProductFactory(factory.django.DjangoModelFactory):
    """A published product in stock, from an approved artisan of its district."""

    class Meta:
        model = Product

    seller = factory.SubFactory(SellerFactory)
    district = factory.LazyAttribute(lambda o: o.seller.district)
    craft = factory.LazyAttribute(lambda o: o.seller.craft)
    title = factory.Sequence(lambda n: f"Handmade product {n}")
    title_hi = factory.Sequence(lambda n: f"हस्तनिर्मित उत्पाद {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "Made by hand."
    price = Decimal("499.00")
    stock = 10
    status = Product.Status.PUBLISHED


class CollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collection

    title = factory.Sequence(lambda n: f"Collection {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    is_published = True


class CollectionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectionItem

    collection = factory.SubFactory(CollectionFactory)
    product = factory.SubFactory(ProductFactory)


class CartFactory(factory.django.DjangoModelFactory):
    """A signed-in buyer's cart."""

    class Meta:
        model = "orders.Cart"

    user = factory.SubFactory(UserFactory)


class CartItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "orders.CartItem"

    cart = factory.SubFactory(CartFactory)
    product = factory.SubFactory(ProductFactory)
    quantity = 1


class ReadyProductImageFactory(factory.django.DjangoModelFactory):
    """A processed product photo with two renditions (the files need not exist)."""

    class Meta:
        model = "catalog.ProductImage"

    product = factory.SubFactory(ProductFactory)
    original = factory.Sequence(lambda n: f"products/originals/photo-{n}.jpg")
    alt_text = "A handmade product on a plain background"
    state = "ready"
    width = 1200
    height = 900
    renditions = factory.Sequence(
        lambda n: {
            "320": {
                "webp": f"products/r/{n}-320.webp",
                "jpeg": f"products/r/{n}-320.jpg",
                "height": 240,
            },
            "960": {
                "webp": f"products/r/{n}-960.webp",
                "jpeg": f"products/r/{n}-960.jpg",
                "height": 720,
            },
        }
    )


class FeaturedProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.FeaturedProduct"

    product = factory.SubFactory(ProductFactory)
    district = factory.LazyAttribute(lambda o: o.product.district)


# --- Orders -------------------------------------------------------------------------------

#: The shipping address test orders go to.
TEST_ADDRESS = ShippingAddress(
    full_name="Asha Devi",
    mobile="+919876543210",
    line1="12 Chowk Bazaar",
    city="Varanasi",
    state="UP",
    pin_code="221001",
)


def place_test_order(buyer, *products_and_quantities, key=None, address=TEST_ADDRESS):
    """Fill ``buyer``'s cart with (product, quantity) pairs and check out through the real
    ``place_order``: stock, totals, sub-orders and outbox rows as a real checkout makes them."""
    cart, _created = Cart.objects.get_or_create(user=buyer)
    for product, quantity in products_and_quantities:
        CartItemFactory(cart=cart, product=product, quantity=quantity)
    return place_order(
        buyer=buyer, cart=cart, address=address, idempotency_key=key or secrets.token_hex(8)
    )


class OrderFactory(factory.django.DjangoModelFactory):
    """An order row with made-up totals, for admin and export tests that need many of them
    without checkout's side effects. Add parts with SubOrderFactory."""

    class Meta:
        model = "orders.Order"

    number = factory.Sequence(lambda n: f"OD-TEST-{n:05d}")
    buyer = factory.SubFactory(UserFactory)
    idempotency_key = factory.Sequence(lambda n: f"key-{n}")
    full_name = "Meera Sharma"
    mobile = "+919812345678"
    line1 = "44 Secret Lane"
    city = "Lucknow"
    state = "UP"
    pin_code = "226001"
    subtotal = Decimal("500.00")
    shipping_total = Decimal("60.00")
    total = Decimal("560.00")


class SubOrderFactory(factory.django.DjangoModelFactory):
    """One artisan's part of an order, with one line of two ₹250 items."""

    class Meta:
        model = "orders.SubOrder"
        skip_postgeneration_save = True

    order = factory.SubFactory(OrderFactory)
    seller = factory.SubFactory(SellerFactory)
    subtotal = Decimal("500.00")
    shipping = Decimal("60.00")
    total = Decimal("560.00")
    line = factory.RelatedFactory(
        "tests.factories.OrderLineFactory", factory_related_name="suborder"
    )


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "orders.OrderLine"

    suborder = factory.SubFactory(SubOrderFactory, line=None)
    title = factory.LazyAttribute(lambda o: f"Brass lamp by {o.suborder.seller.display_name}")
    seller_name = factory.LazyAttribute(lambda o: o.suborder.seller.display_name)
    unit_price = Decimal("250.00")
    quantity = 2
    line_total = Decimal("500.00")
