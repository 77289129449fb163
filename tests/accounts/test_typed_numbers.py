"""Numbers as people type them: mobile, PIN, GSTIN, PAN, IFSC, account numbers.

Each case goes through the real form as a browser would send it: the value is first cut
to the input's ``maxlength``, as the browser does, then posted.
"""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from accounts.phone import IndianMobileField, format_indian_mobile
from console.forms import BusinessForm, ProfileForm
from orders.forms import AddressForm
from tests.console.test_onboarding import PAN, valid_gstin
from tests.factories import (
    AddressFactory,
    CraftFactory,
    DistrictFactory,
    SellerFactory,
    UserFactory,
)

MOBILE_SPELLINGS = [
    "+91 98765 43210",
    "+91-98765-43210",
    "+91 98765-43210",
    "+919876543210",
    "91 98765 43210",
    "919876543210",
    "098765 43210",
    "09876543210",
    "0 98765 43210",
    "98765 43210",
    "98765-43210",
    "98765.43210",
    "9876543210",
]


def maxlength(form, name: str) -> int | None:
    """The ``maxlength`` of the field's rendered input, as the browser sees it."""
    found = re.search(r'maxlength="(\d+)"', str(form[name]))
    return int(found[1]) if found else None


def as_typed(form_class, name: str, value: str, **form_kwargs) -> str:
    """What the browser sends for ``value`` typed into the field: cut at its maxlength."""
    limit = maxlength(form_class(**form_kwargs), name)
    return value[:limit] if limit else value


def address_data(**overrides) -> dict:
    data = {
        "full_name": "Asha Devi",
        "mobile": "98765 43210",
        "line1": "12 Chowk Bazaar",
        "city": "Varanasi",
        "state": "UP",
        "pin_code": "221001",
    }
    data.update(overrides)
    return data


def profile_data(**overrides) -> dict:
    data = {
        "display_name": "Asha Devi Crafts",
        "district": DistrictFactory().pk,
        "craft": CraftFactory().pk,
        "mobile": "98765 43210",
    }
    data.update(overrides)
    return data


def business_data(**overrides) -> dict:
    data = {"bank_account_number": "123456789012", "ifsc": "SBIN0001234"}
    data["account_holder_name"] = "Asha Devi"
    data.update(overrides)
    return data


# --- Mobile numbers ------------------------------------------------------------------


@pytest.mark.parametrize("typed", MOBILE_SPELLINGS)
def test_every_usual_spelling_of_a_mobile_number_cleans_to_the_stored_form(typed):
    assert IndianMobileField().clean(typed) == "+919876543210"


@pytest.mark.parametrize("typed", ["98765 4321", "12345 67890", "+1 98765 43210", "phone"])
def test_a_number_that_is_not_an_indian_mobile_is_refused_saying_what_to_enter(typed):
    form = AddressForm(data=address_data(mobile=typed))
    assert not form.is_valid()
    assert "10-digit mobile number" in form.errors["mobile"][0]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", MOBILE_SPELLINGS)
def test_the_checkout_address_form_takes_the_mobile_number_as_people_write_it(typed):
    posted = as_typed(AddressForm, "mobile", typed)
    assert posted == typed, "the browser would cut the number"
    form = AddressForm(data=address_data(mobile=posted))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "+919876543210"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", MOBILE_SPELLINGS)
def test_the_onboarding_form_takes_the_mobile_number_as_people_write_it(typed):
    posted = as_typed(ProfileForm, "mobile", typed)
    assert posted == typed, "the browser would cut the number"
    form = ProfileForm(data=profile_data(mobile=posted))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "+919876543210"


@pytest.mark.django_db
def test_a_saved_mobile_number_is_shown_formatted_in_the_form_and_on_pages(client):
    seller = SellerFactory(mobile="+919876543210")
    form = ProfileForm(instance=seller)
    assert 'value="+91 98765 43210"' in str(form["mobile"])
    assert format_indian_mobile("+919876543210") == "+91 98765 43210"
    assert format_indian_mobile("") == ""
    assert format_indian_mobile("not a number") == "not a number"
    rendered = Template("{% load phone %}{{ m|indian_mobile }}").render(
        Context({"m": "+919876543210"})
    )
    assert rendered == "+91 98765 43210"


@pytest.mark.django_db
def test_the_saved_addresses_at_checkout_show_the_number_formatted():
    from orders.forms import CheckoutForm

    address = AddressFactory(mobile="+919876543210")
    form = CheckoutForm(addresses=[address])
    labels = dict(form.fields["address"].choices)
    assert "+91 98765 43210" in labels[str(address.pk)]


@pytest.mark.django_db
def test_onboarding_stores_plus_91_98765_43210_and_shows_it_formatted(client):
    user = UserFactory()
    client.force_login(user)
    step = "console:onboarding_step"
    response = client.post(
        reverse(step, kwargs={"step": "profile"}), profile_data(mobile="+91 98765 43210")
    )
    assert response.status_code == 302, response.context["form"].errors
    assert user.seller_profile.mobile == "+919876543210"
    response = client.get(reverse(step, kwargs={"step": "profile"}))
    assert 'value="+91 98765 43210"' in response.content.decode()


# --- The other numbers ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["221 001", "221-001", " 221001 "])
def test_a_pin_code_written_with_a_space_or_dash_is_accepted(typed):
    posted = as_typed(AddressForm, "pin_code", typed)
    assert posted == typed, "the browser would cut the PIN code"
    form = AddressForm(data=address_data(pin_code=posted))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["pin_code"] == "221001"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "typed", "stored"),
    [
        ("gstin", "09 ABCPE 1234 F 1 Z {check}", "{gstin}"),
        ("gstin", "09-abcpe1234f-1z{check}", "{gstin}"),
        ("pan", "abcpe 1234 f", PAN),
        ("pan", "ABC PE 1234 F", PAN),
        ("ifsc", "sbin0001234", "SBIN0001234"),
        ("ifsc", "sbin 000 1234", "SBIN0001234"),
        ("bank_account_number", "1234 5678 9012 3456 78", "123456789012345678"),
        ("bank_account_number", "1234-5678-9012", "123456789012"),
        ("udyam_number", "udyam up 50 0012345", "UDYAM-UP-50-0012345"),
    ],
)
def test_kyc_and_bank_numbers_are_accepted_with_spaces_dashes_or_lower_case(name, typed, stored):
    gstin = valid_gstin()
    typed = typed.format(check=gstin[-1].lower() if "-" in typed else gstin[-1])
    stored = stored.format(gstin=gstin)
    profile = SellerFactory.build(pan="", gstin="", udyam_number="", bank_account_number="")
    posted = as_typed(BusinessForm, name, typed, profile=profile)
    assert posted == typed, "the browser would cut the number"
    data = business_data(**{name: posted})
    if name == "gstin":
        data["pan"] = PAN
    form = BusinessForm(data=data, profile=profile)
    assert form.is_valid(), form.errors
    assert form.cleaned_data[name] == stored


@pytest.mark.django_db
@pytest.mark.parametrize("model_path", ["accounts.Address", "sellers.SellerProfile"])
def test_admin_forms_take_the_mobile_number_as_people_write_it(rf, model_path):
    from django.apps import apps
    from django.contrib import admin

    model = apps.get_model(model_path)
    request = rf.get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = admin.site._registry[model].get_form(request)
    field = form_class.base_fields["mobile"]
    assert isinstance(field, IndianMobileField)
    assert field.clean("+91 98765 43210") == "+919876543210"
