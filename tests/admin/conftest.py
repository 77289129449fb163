"""Staff accounts for the admin tests: each with a role and a TOTP authenticator."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import UserFactory
from tests.roles import restore_staff_roles

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CURATOR = "ODOP curator"
OPERATIONS = "ODOP operations"


def make_staff(*, group: str | None = None, superuser: bool = False, mfa: bool = True):
    """A staff user in the given role group (created by the roles data migration)."""
    user = UserFactory(is_staff=True, is_superuser=superuser)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if mfa:
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
        )
    return user


@pytest.fixture(autouse=True)
def _roles(db):
    """The roles from the data migrations, put back if a transactional test flushed them."""
    restore_staff_roles()


def _client_for(user) -> Client:
    """A client of its own per role, so one test can compare what two roles see."""
    client = Client()
    sign_in_with_code(client, user)
    return client


@pytest.fixture
def curator_client():
    return _client_for(make_staff(group=CURATOR))


@pytest.fixture
def operations_client():
    return _client_for(make_staff(group=OPERATIONS))


@pytest.fixture
def superuser_client():
    return _client_for(make_staff(superuser=True))


def sign_in_with_code(client: Client, user) -> None:
    """Sign ``client`` in as ``user`` as allauth does after the password and the TOTP code.

    ``force_login`` alone is a password-only session: the admin refuses it to staff. This
    writes the session's authentication records the way allauth's login and MFA steps do.
    """
    from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
    from allauth.account.internal.userkit import user_id_to_str

    client.force_login(user)
    session = client.session
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = user_id_to_str(user)
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": Authenticator.Type.TOTP},
    ]
    session.save()
