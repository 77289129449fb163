"""Demo events (the Mahakumbh 2025 ODOP pavilion and an upcoming mela) and a verified GI
authorised-user claim, so that the events and GI pages have something to show.

GI registration numbers are not invented here: they stay empty until staff enter them.
"""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from catalog.models import Collection, Event, Product
from districts.models import District, GITag
from sellers.models import GIAuthorisedUser, SellerProfile

MAHAKUMBH = {
    "slug": "mahakumbh-2025-odop-pavilion",
    "name": "Mahakumbh 2025: the ODOP pavilion",
    "name_hi": "महाकुंभ 2025: एक जनपद एक उत्पाद मंडप",
    "summary": "ODOP products of Prayagraj and its neighbours at the Mahakumbh Mela, "
    "13 January to 26 February 2025.",
    "summary_hi": "महाकुंभ मेले में प्रयागराज और पड़ोसी ज़िलों के उत्पाद, 13 जनवरी से 26 फ़रवरी 2025 तक।",
    "story": "The Mahakumbh Mela, held in Prayagraj every twelve years, is the largest "
    "religious gathering in the world. In 2025 the state's ODOP department and its "
    "marketplace partner ran booths and stalls where pilgrims met the artisans and "
    "bought moonj baskets, Banarasi silk, Bhadohi carpets and more.",
    "story_hi": "प्रयागराज में हर बारह साल पर लगने वाला महाकुंभ मेला दुनिया का सबसे बड़ा धार्मिक "
    "समागम है। 2025 में प्रदेश के एक जनपद एक उत्पाद विभाग ने अपने मार्केटप्लेस साझेदार के साथ स्टॉल "
    "लगाए, जहाँ श्रद्धालु कारीगरों से मिले और मूँज की टोकरियाँ, बनारसी रेशम, भदोही के कालीन और "
    "बहुत कुछ ख़रीदा।",
    "starts_on": date(2025, 1, 13),
    "ends_on": date(2025, 2, 26),
    "venue": "Mahakumbh Mela grounds",
    "venue_hi": "महाकुंभ मेला क्षेत्र",
    "city": "Prayagraj",
    "city_hi": "प्रयागराज",
    "map_url": "https://www.openstreetmap.org/?mlat=25.4300&mlon=81.8850#map=14/25.4300/81.8850",
    "districts": ["prayagraj", "varanasi", "bhadohi", "mirzapur", "kaushambi", "pratapgarh"],
    "collection": "mahakumbh-2025-showcase",
}

#: Demo only: a district mela a month after the day the demo is seeded, so that the home
#: page always has something coming up.
UPCOMING = {
    "slug": "lucknow-odop-mela",
    "name": "ODOP mela, Lucknow (demo)",
    "name_hi": "एक जनपद एक उत्पाद मेला, लखनऊ (डेमो)",
    "summary": "Artisans of Awadh show chikankari, zardozi and more for five days.",
    "summary_hi": "अवध के कारीगर पाँच दिन तक चिकनकारी, ज़रदोज़ी और बहुत कुछ दिखाएँगे।",
    "story": "A demo event: a district mela where the artisans of Lucknow division sell "
    "their work in person.",
    "story_hi": "डेमो आयोजन: एक ज़िला मेला, जहाँ लखनऊ मंडल के कारीगर अपना काम ख़ुद बेचते हैं।",
    "venue": "Demo exhibition ground",
    "venue_hi": "डेमो प्रदर्शनी मैदान",
    "city": "Lucknow",
    "city_hi": "लखनऊ",
    "map_url": "https://www.openstreetmap.org/?mlat=26.8467&mlon=80.9462#map=13/26.8467/80.9462",
    "districts": ["lucknow", "barabanki", "unnao", "sitapur"],
}


@transaction.atomic
def seed_events() -> list[Event]:
    today = timezone.localdate()
    upcoming = {**UPCOMING, "starts_on": today + timedelta(days=30)}
    upcoming["ends_on"] = upcoming["starts_on"] + timedelta(days=4)
    events = []
    for spec in (MAHAKUMBH, upcoming):
        fields = {k: v for k, v in spec.items() if k not in ("slug", "districts", "collection")}
        collection = Collection.objects.filter(slug=spec.get("collection", "")).first()
        event, _ = Event.objects.update_or_create(
            slug=spec["slug"],
            defaults={**fields, "collection": collection, "is_published": True},
        )
        districts = District.objects.filter(slug__in=spec["districts"])
        event.districts.set(districts)
        artisans = SellerProfile.objects.filter(
            district__in=districts, status=SellerProfile.Status.APPROVED
        ).exclude(slug__startswith="bulk-")
        event.artisans.set(artisans.order_by("pk")[:8])
        events.append(event)
    return events


@transaction.atomic
def seed_gi_claims() -> int:
    """One verified claim per GI tag that has a demo artisan with verified-GI products.

    The authorised-user number says DEMO: it is not a real registration.
    """
    made = 0
    for tag in GITag.objects.filter(products__gi_verified=True).distinct().order_by("pk"):
        product = (
            Product.objects.live()
            .filter(gi_tag=tag, gi_verified=True)
            .exclude(slug__startswith="bulk-")
            .select_related("seller")
            .order_by("pk")
            .first()
        )
        if product is None:
            continue
        claim, created = GIAuthorisedUser.objects.get_or_create(
            seller=product.seller,
            gi_tag=tag,
            defaults={
                "authorised_user_number": f"DEMO-AU-{tag.pk:04d}",
                "status": GIAuthorisedUser.Status.VERIFIED,
                "verified_at": timezone.now(),
            },
        )
        if created:
            claim.document.save(
                "demo-certificate.pdf", ContentFile(b"%PDF-1.4\n% demo certificate\n"), save=True
            )
            made += 1
    return made
