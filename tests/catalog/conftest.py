import pytest
from django.utils import translation

from catalog.district_data import load_district_data


@pytest.fixture(autouse=True)
def _english_by_default():
    """Start each test in English: a /hi/ request leaves Hindi active in the thread."""
    with translation.override("en"):
        yield


@pytest.fixture
def districts(db):
    """The 75 real districts, crafts, GI tags and ODOP products from catalog/data/."""
    load_district_data()
