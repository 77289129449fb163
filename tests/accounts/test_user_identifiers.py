"""An account has an email, an Indian mobile number or both; each is unique when set."""

import pytest
from django.db import IntegrityError, transaction

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_user_can_have_only_a_mobile_number_stored_as_e164():
    user = User.objects.create_user(phone="098765-43210")

    user.refresh_from_db()
    assert user.phone == "+919876543210"
    assert user.email is None
    assert not user.has_usable_password()
    assert str(user) == "+91 98765 43210"
    assert user.get_full_name() == "+91 98765 43210"


def test_names_fall_back_to_the_email_then_the_mobile():
    both = User.objects.create_user(email="asha@example.com", phone="9876543211")
    named = User.objects.create_user(phone="9876543212", full_name="Asha Devi")

    assert str(both) == "asha@example.com"
    assert named.get_short_name() == "Asha"


def test_many_users_without_an_email_or_without_a_mobile_is_fine():
    User.objects.create_user(phone="9876543210", email="")
    User.objects.create_user(phone="9876543211")
    User.objects.create_user(email="a@example.com")
    User.objects.create_user(email="b@example.com", phone="")

    assert User.objects.filter(email__isnull=True).count() == 2
    assert User.objects.filter(phone__isnull=True).count() == 2


def test_the_database_refuses_a_second_account_on_the_same_mobile():
    User.objects.create_user(phone="9876543210")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="other@example.com", phone="+91 98765 43210")


def test_the_database_refuses_an_account_with_neither_identifier():
    user = User.objects.create_user(phone="9876543210")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=user.pk).update(phone=None)
    with pytest.raises(ValueError):
        User.objects.create_user(email="", phone="")


def test_the_database_refuses_a_mobile_that_is_not_an_indian_e164_number():
    user = User.objects.create_user(phone="9876543210")
    for bad in ("9876543210", "+9112345", "+915876543210", ""):
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=user.pk).update(phone=bad)


def test_staff_still_need_an_email():
    with pytest.raises(ValueError):
        User.objects.create_superuser(email="", password="kite-river-42x")


def test_password_authentication_never_matches_a_missing_email(client):
    User.objects.create_user(phone="9876543210", password="kite-river-42x")

    assert not client.login(email=None, password="kite-river-42x")
    assert not client.login(username="", password="kite-river-42x")
