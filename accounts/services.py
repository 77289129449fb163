"""Writes for accounts."""

from __future__ import annotations

from django.db import transaction

from accounts.models import Address, PostalAddress, User


@transaction.atomic
def save_address(*, user: User, address: PostalAddress) -> Address:
    """Keep ``address`` in the user's address book, once: an identical one is reused.

    The first address a user saves becomes their default.
    """
    existing = user.addresses.same_as(address).first()
    if existing is not None:
        return existing
    return Address.objects.create(
        user=user, is_default=not user.addresses.exists(), **address.address_fields()
    )
