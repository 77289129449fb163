"""Catalogue fixtures: the real district data, and a small catalogue for search tests."""

from decimal import Decimal

import pytest

from catalog.models import Product
from districts.loader import load_district_data
from districts.models import ODOPProduct
from tests.factories import (
    CraftFactory,
    DistrictFactory,
    GITagFactory,
    ProductFactory,
    SellerFactory,
)

DISTRICTS = {
    "varanasi": ("Varanasi", "वाराणसी"),
    "lucknow": ("Lucknow", "लखनऊ"),
    "moradabad": ("Moradabad", "मुरादाबाद"),
    "kannauj": ("Kannauj", "कन्नौज"),
    "firozabad": ("Firozabad", "फ़िरोज़ाबाद"),
}
CRAFTS = {
    "textiles-weaving": ("Textiles & weaving", "वस्त्र एवं बुनाई"),
    "embroidery": ("Embroidery & zari work", "कढ़ाई एवं ज़री काम"),
    "metal-craft": ("Metal craft", "धातु शिल्प"),
    "perfume": ("Perfume & attar", "इत्र एवं सुगंध"),
    "glass": ("Glass", "काँच"),
}
ODOP_PRODUCTS = [
    ("varanasi", "textiles-weaving", "Banarasi silk sarees", "बनारसी रेशम साड़ी"),
    ("lucknow", "embroidery", "Chikankari", "चिकनकारी"),
    ("moradabad", "metal-craft", "Metal craft (brassware)", "धातु शिल्प (पीतल)"),
    ("kannauj", "perfume", "Perfume (itra)", "इत्र"),
]
#: key: (district, craft, artisan, title, title_hi, price, extra)
PRODUCTS = {
    "saree": (
        "varanasi",
        "textiles-weaving",
        ("Ramesh Kumar Weavers", "रमेश कुमार बुनकर"),
        "Banarasi silk saree with zari border",
        "ज़री बॉर्डर वाली बनारसी रेशमी साड़ी",
        "6500.00",
        {"description": "Handwoven on a pit loom in Varanasi.", "gi": True},
    ),
    "dupatta": (
        "varanasi",
        "textiles-weaving",
        ("Ramesh Kumar Weavers", "रमेश कुमार बुनकर"),
        "Banarasi brocade dupatta",
        "बनारसी ब्रोकेड दुपट्टा",
        "1800.00",
        {},
    ),
    "kurta": (
        "lucknow",
        "embroidery",
        ("Nazia Chikan House", "नाज़िया चिकन हाउस"),
        "Chikankari cotton kurta",
        "चिकनकारी सूती कुर्ता",
        "1450.00",
        {"description": "Hand embroidered white on white."},
    ),
    "diya": (
        "moradabad",
        "metal-craft",
        ("Moradabad Brass Works", "मुरादाबाद पीतल कारीगर"),
        "Brass diya set of 5",
        "पीतल दीया सेट (5)",
        "450.00",
        {"materials": "brass"},
    ),
    "planter": (
        "moradabad",
        "metal-craft",
        ("Moradabad Brass Works", "मुरादाबाद पीतल कारीगर"),
        "Hammered brass planter",
        "हथौड़े से बना पीतल का गमला",
        "2200.00",
        {"stock": 0},
    ),
    "attar": (
        "kannauj",
        "perfume",
        ("Gupta Attar Distillers", "गुप्ता इत्र"),
        "Kannauj rose attar, 10 ml",
        "कन्नौज गुलाब इत्र, 10 मिली",
        "750.00",
        {"description": "Distilled in copper degs the traditional way.", "gi": True},
    ),
    "bangles": (
        "firozabad",
        "glass",
        ("Firozabad Glass Studio", "फ़िरोज़ाबाद काँच स्टूडियो"),
        "Glass bangles, set of 12",
        "काँच की चूड़ियाँ, 12 का सेट",
        "299.00",
        {},
    ),
}


@pytest.fixture
def districts(db):
    """The 75 real districts, crafts, GI tags and ODOP products from districts/data/."""
    load_district_data()


@pytest.fixture
def catalogue(db) -> dict[str, Product]:
    """Five districts, five crafts, six artisans and seven products in both languages."""
    districts = {
        slug: DistrictFactory(slug=slug, name=name, name_hi=name_hi)
        for slug, (name, name_hi) in DISTRICTS.items()
    }
    crafts = {
        slug: CraftFactory(slug=slug, name=name, name_hi=name_hi)
        for slug, (name, name_hi) in CRAFTS.items()
    }
    for slug, craft, name, name_hi in ODOP_PRODUCTS:
        ODOPProduct.objects.create(
            district=districts[slug], craft=crafts[craft], name=name, name_hi=name_hi
        )
    sellers: dict[str, object] = {}
    products = {}
    for key, (district, craft, artisan, title, title_hi, price, extra) in PRODUCTS.items():
        seller = sellers.get(artisan[0])
        if seller is None:
            seller = sellers[artisan[0]] = SellerFactory(
                display_name=artisan[0],
                display_name_hi=artisan[1],
                district=districts[district],
                craft=crafts[craft],
            )
        extra = dict(extra)
        gi = extra.pop("gi", False)
        products[key] = ProductFactory(
            seller=seller,
            title=title,
            title_hi=title_hi,
            price=Decimal(price),
            gi_tag=GITagFactory() if gi else None,
            gi_verified=gi,
            **extra,
        )
    return products
