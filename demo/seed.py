"""Deterministic demo data for `manage.py seed_demo`: artisans, products, photos, collections.

Everything is keyed by slug or email, so running it again updates rather than duplicates;
the random choices come from generators seeded with those keys, so every run (and every
machine) gets the same catalogue. Nothing here needs the network.
"""

import importlib
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from catalog.models import Collection, CollectionItem, FeaturedProduct, Product, ProductImage
from demo.content import (
    CRAFT_ITEMS,
    ELDERS,
    FAMILY_NAMES,
    FIRST_NAMES,
    FOOD_NAMES,
    STORIES,
)
from demo.images import product_photo
from demo.ledger import seed_earnings
from demo.returns import seed_returns
from demo.showcase import seed_events, seed_gi_claims
from demo.workshops import seed_workshops
from districts.loader import load_district_data
from districts.models import District, ODOPProduct
from sellers.models import SellerProfile

DEMO_PASSWORD = "odop-demo-2025"
ADMIN_EMAIL = "admin@odop.example"
ARTISAN_EMAIL = "artisan@odop.example"
SHOPPER_EMAIL = "shopper@odop.example"
#: A shopper with only a mobile number: signs in with the code printed in the console.
MOBILE_SHOPPER = "+919000000001"
PRODUCTS_PER_DISTRICT = 6
ARTISANS_PER_DISTRICT = 2
FEATURED_DISTRICTS = [
    "varanasi", "lucknow", "moradabad", "firozabad", "kannauj", "agra", "bhadohi", "prayagraj",
]  # fmt: skip


@dataclass
class SeedResult:
    districts: int = 0
    artisans: int = 0
    products_created: int = 0
    images_created: int = 0
    images_processed: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def image_processor() -> Callable[[int], object] | None:
    """The upload pipeline's processing function, when that module is installed."""
    try:
        module = importlib.import_module("catalog.images")
    except ImportError:
        return None
    return getattr(module, "process_product_image", None)


def seed_demo(*, district_slugs: list[str] | None = None, log=print) -> SeedResult:
    """Create or update the whole demo catalogue (or only the given districts)."""
    if not District.objects.exists():
        load_district_data()
    result = SeedResult()
    ensure_user(ADMIN_EMAIL, "ODOP Admin", staff=True)
    artisan_user = ensure_user(ARTISAN_EMAIL, "Rahim Ansari")
    shopper = ensure_user(SHOPPER_EMAIL, "Priya Sharma")
    mobile_shopper, _ = User.objects.get_or_create(
        phone=MOBILE_SHOPPER, defaults={"full_name": "Sunita Devi", "preferred_language": "hi"}
    )
    if not mobile_shopper.phone_verified:
        mobile_shopper.phone_verified = True
        mobile_shopper.save(update_fields=["phone_verified"])
    result.logins = [
        ("admin", ADMIN_EMAIL, DEMO_PASSWORD),
        ("artisan (Varanasi)", ARTISAN_EMAIL, DEMO_PASSWORD),
        ("shopper", SHOPPER_EMAIL, DEMO_PASSWORD),
        ("shopper by mobile", "90000 00001", "a code by SMS (printed)"),
    ]
    for order, slug in enumerate(FEATURED_DISTRICTS):
        District.objects.filter(slug=slug).update(is_featured=True, featured_order=order)
    districts = District.objects.prefetch_related("odop_products__craft", "odop_products__gi_tag")
    if district_slugs:
        districts = districts.filter(slug__in=district_slugs)
    process = image_processor()
    for district in districts.order_by("name"):
        seed_district(district, result, process=process, demo_user=artisan_user)
        result.districts += 1
        log(f"  {district.name}: {result.products_created} products created so far")
    seed_collections()
    seed_events()
    seed_gi_claims()
    seed_earnings(ARTISAN_EMAIL)
    seed_returns(shopper=shopper, artisan_user=artisan_user)
    helper_login = seed_workshops(ensure_user)
    if helper_login:
        result.logins.append((*helper_login, DEMO_PASSWORD))
    return result


def ensure_user(email: str, full_name: str, *, staff: bool = False, password: bool = True):
    """A user with a verified primary email address, so that allauth lets them sign in."""
    user, _ = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    user.full_name = full_name
    user.is_staff = user.is_superuser = staff
    if password:
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
    elif not user.has_usable_password():
        user.set_unusable_password()
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


PROPER_WORDS = {"Banarasi", "Shajar", "Gaura", "Tarkashi", "Kala", "Tharu", "Khurja"}


def in_sentence(name: str) -> str:
    """An ODOP product name as it reads mid-sentence: 'Black pottery' -> 'black pottery'."""
    first = name.split(" ", 1)[0]
    if first in PROPER_WORDS or first.isupper():
        return name
    return name[:1].lower() + name[1:]


def _current_odop(district: District) -> ODOPProduct | None:
    current = [odop for odop in district.odop_products.all() if odop.is_current]
    return current[0] if current else None


@transaction.atomic
def seed_district(district: District, result: SeedResult, *, process, demo_user) -> None:
    odop = _current_odop(district)
    if odop is None:
        return
    artisans = [
        ensure_artisan(district, odop, index, demo_user=demo_user)
        for index in range(ARTISANS_PER_DISTRICT)
    ]
    result.artisans += len(artisans)
    for index in range(PRODUCTS_PER_DISTRICT):
        product, created = ensure_product(district, odop, artisans[index % len(artisans)], index)
        result.products_created += int(created)
        photos = 2 if index == 0 else 1
        for position in range(photos):
            if ensure_photo(product, position, result, process):
                result.images_created += 1
    products = list(Product.objects.filter(district=district, slug__startswith=district.slug))
    for position, product in enumerate(sorted(products, key=lambda p: p.slug)[1:4:2]):
        FeaturedProduct.objects.get_or_create(
            district=district, product=product, defaults={"position": position}
        )


def ensure_artisan(district: District, odop: ODOPProduct, index: int, *, demo_user):
    rng = random.Random(f"artisan:{district.slug}:{index}")
    if district.slug == "varanasi" and index == 0:
        user, first, family = demo_user, ("Rahim", "रहीम"), ("Ansari", "अंसारी")
    else:
        first, family = rng.choice(FIRST_NAMES), rng.choice(FAMILY_NAMES)
        email = f"{district.slug}.{index + 1}@artisans.odop.example"
        user = ensure_user(email, f"{first[0]} {family[0]}", password=False)
    years = rng.randint(8, 35)
    elder = rng.choice(ELDERS)
    story_en, story_hi = STORIES[index % len(STORIES)]
    craft_name = in_sentence(odop.name)
    words = {
        "craft": craft_name, "craft_hi": odop.name_hi or odop.name, "elder": elder[0],
        "elder_hi": elder[1], "years": years, "district": district.name,
        "district_hi": district.name_hi or district.name,
    }  # fmt: skip
    artisan, _ = SellerProfile.objects.get_or_create(
        user=user,
        defaults={
            "slug": slugify(f"{first[0]} {family[0]} {district.slug}"),
            "display_name": f"{first[0]} {family[0]}",
            "display_name_hi": f"{first[1]} {family[1]}",
            "district": district,
            "craft": odop.craft,
            "story": story_en.format(**words),
            "story_hi": story_hi.format(**words),
            "mobile": f"+9198{rng.randint(10000000, 99999999)}",
            "status": SellerProfile.Status.APPROVED,
            "reviewed_at": timezone.now(),
        },
    )
    return artisan


def product_words(district: District, odop: ODOPProduct, index: int) -> dict:
    """Title, description and materials in both languages for the district's n-th product."""
    item_en, item_hi, materials, materials_hi, base_price = CRAFT_ITEMS[odop.craft.slug][index]
    if odop.craft.slug == "food-agri":
        food_en, food_hi = FOOD_NAMES.get(district.slug, (odop.name, odop.name_hi))
        title, title_hi = f"{food_en} – {item_en}", f"{food_hi} – {item_hi}"
    else:
        title, title_hi = f"{item_en}, {district.name}", f"{item_hi}, {district.name_hi}"
    district_hi = district.name_hi or district.name
    description = (
        f"{item_en}, made by hand in {district.name} ({district.division} division). "
        f"{district.name} is known for {in_sentence(odop.name)} under Uttar Pradesh's One District "
        f"One Product programme. {odop.craft.description}"
    )
    description_hi = (
        f"{item_hi}, जिसे {district_hi} ({district.division_hi or district.division} मंडल) में "
        f"हाथ से बनाया गया है। एक जनपद एक उत्पाद कार्यक्रम में {district_hi} की पहचान "
        f"{odop.name_hi or odop.name} से है। {odop.craft.description_hi}"
    )
    return {
        "title": title,
        "title_hi": title_hi,
        "description": description,
        "description_hi": description_hi,
        "materials": materials,
        "materials_hi": materials_hi,
        "base_price": base_price,
    }


def ensure_product(district, odop, artisan, index: int) -> tuple[Product, bool]:
    rng = random.Random(f"product:{district.slug}:{index}")
    words = product_words(district, odop, index)
    price = Decimal(round(words.pop("base_price") * rng.choice([0.9, 1, 1.1, 1.2]), -1)) - 1
    made_to_order = index == 5
    stock = 0 if (index == 4 and rng.random() < 0.5) else rng.choice([3, 7, 12, 20, 40])
    size = [Decimal(rng.randint(10, 120)) for _ in range(3)]
    verified_gi = odop.gi_tag_id is not None and index < 4
    defaults = {
        **words,
        "seller": artisan,
        "district": district,
        "craft": odop.craft,
        "price": max(price, Decimal("99")),
        # Made to order: stock is how many more the artisan can take on.
        "stock": 4 if made_to_order else stock,
        "fulfilment": Product.Fulfilment.MADE_TO_ORDER
        if made_to_order
        else Product.Fulfilment.READY,
        "processing_days": 10 if made_to_order else 0,
        "status": Product.Status.PUBLISHED,
        "weight_grams": rng.randint(100, 3000),
        "length_cm": size[0],
        "width_cm": size[1],
        "height_cm": size[2] if odop.craft.slug != "textiles-weaving" else None,
        "gi_tag": odop.gi_tag if verified_gi or index == 4 else None,
        "gi_verified": verified_gi,
    }
    # Staggered so that "newest" mixes districts rather than listing the last one seeded.
    published_at = timezone.now() - timedelta(
        hours=index * 100 + zlib.crc32(district.slug.encode()) % 97
    )
    # Created once and then left alone: a re-run must not undo sales, edits or moderation.
    return Product.objects.get_or_create(
        slug=slugify(f"{district.slug} {words['title']}")[:200],
        defaults=defaults | {"published_at": published_at},
    )


def ensure_photo(product: Product, position: int, result: SeedResult, process) -> bool:
    """The product's n-th photo, generated once; processed when the pipeline is installed."""
    image = product.images.filter(position=position).first()
    created = image is None
    if created:
        key = f"{product.slug}:{position}"
        caption = f"{product.district.name} · ODOP Market"
        data = product_photo(key=key, title=product.title, caption=caption)
        image = ProductImage(
            product=product,
            position=position,
            alt_text=f"{product.title} (photo {position + 1})",
            alt_text_hi=f"{product.title_hi} (फ़ोटो {position + 1})",
        )
        image.original.save(f"{product.slug[:80]}-{position}.jpg", ContentFile(data), save=True)
    if process is not None and image.state != ProductImage.State.READY:
        process(image.pk)
        result.images_processed += 1
    return created


COLLECTIONS = [
    {
        "slug": "mahakumbh-2025-showcase",
        "title": "Mahakumbh 2025 showcase",
        "title_hi": "महाकुंभ 2025 प्रदर्शनी",
        "description": "Crafts of Prayagraj and its neighbours, as shown to pilgrims at the "
        "Mahakumbh 2025: moonj baskets, Banarasi silk, Bhadohi carpets and more.",
        "description_hi": "प्रयागराज और पड़ोसी ज़िलों के शिल्प, जैसे महाकुंभ 2025 में "
        "श्रद्धालुओं को दिखाए गए: मूँज की टोकरियाँ, बनारसी रेशम, भदोही के कालीन और बहुत कुछ।",
        "districts": ["prayagraj", "varanasi", "bhadohi", "mirzapur", "kaushambi", "pratapgarh"],
    },
    {
        "slug": "festive-gifts",
        "title": "Festive gifts",
        "title_hi": "त्योहारी उपहार",
        "description": "Diyas, brass, attar and glass: handmade gifts for Diwali, Eid and "
        "weddings.",
        "description_hi": "दीये, पीतल, इत्र और काँच: दिवाली, ईद और शादियों के लिए हाथ से बने उपहार।",
        "crafts": ["perfume", "metal-craft", "glass", "pottery-terracotta"],
    },
    {
        "slug": "gi-tagged-treasures",
        "title": "GI-tagged treasures",
        "title_hi": "जीआई टैग वाले ख़ज़ाने",
        "description": "Products whose Geographical Indication our staff have verified.",
        "description_hi": "ऐसे उत्पाद जिनके भौगोलिक संकेत (जीआई) की पुष्टि हमारी टीम ने की है।",
        "gi_verified": True,
    },
]


@transaction.atomic
def seed_collections(limit: int = 16) -> None:
    """The curated collections, filled from the demo products (never the bulk ones)."""
    demo_products = Product.objects.live().exclude(slug__startswith="bulk-").order_by("slug")
    for position, spec in enumerate(COLLECTIONS):
        collection, _ = Collection.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key] for key in ("title", "title_hi", "description", "description_hi")
            }
            | {"is_published": True, "position": position},
        )
        products = demo_products
        if "districts" in spec:
            products = products.filter(district__slug__in=spec["districts"])
        if "crafts" in spec:
            products = products.filter(craft__slug__in=spec["crafts"])
        if spec.get("gi_verified"):
            products = products.filter(gi_verified=True, gi_tag__isnull=False)
        chosen = _spread(list(products), limit)
        for item_position, product in enumerate(chosen):
            CollectionItem.objects.get_or_create(
                collection=collection, product=product, defaults={"position": item_position}
            )


def _spread(products: list[Product], limit: int) -> list[Product]:
    """At most ``limit`` products, taking turns between districts."""
    by_district: dict[int, list[Product]] = {}
    for product in products:
        by_district.setdefault(product.district_id, []).append(product)
    chosen: list[Product] = []
    while by_district and len(chosen) < limit:
        for district_id in list(by_district):
            chosen.append(by_district[district_id].pop(0))
            if not by_district[district_id]:
                del by_district[district_id]
            if len(chosen) >= limit:
                break
    return chosen
