"""Helpers for the orders tests."""

import pytest

from tests.factories import TEST_ADDRESS as ADDRESS  # noqa: F401  (tests import it from here)
from tests.factories import UserFactory
from tests.factories import place_test_order as order_for  # noqa: F401


@pytest.fixture
def buyer():
    return UserFactory(email="buyer@example.com")
