"""A signed-in person chooses the language of our emails from their account pages."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/language/"


def test_a_signed_in_user_switches_their_emails_to_hindi_from_their_account_page(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="preferred_language" value="hi"' in html
    assert 'class="account-nav"' in html

    response = client.post(URL, {"preferred_language": "hi"}, follow=True)

    user.refresh_from_db()
    assert user.preferred_language == "hi"
    assert response.redirect_chain[-1][0] == URL
    assert "We will write to you in Hindi." in response.content.decode()


def test_the_hindi_page_speaks_hindi_and_switches_back_to_english(client):
    user = UserFactory(preferred_language="hi")
    client.force_login(user)

    html = client.get(f"/hi{URL}").content.decode()
    assert "ईमेल की भाषा" in html
    client.post(f"/hi{URL}", {"preferred_language": "en"})

    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_the_account_pages_link_to_it(client):
    client.force_login(UserFactory())
    assert f'href="{URL}"' in client.get(reverse("account_change_password")).content.decode()


def test_an_unknown_language_is_refused_and_nothing_changes(client):
    user = UserFactory(preferred_language="en")
    client.force_login(user)

    response = client.post(URL, {"preferred_language": "fr"})

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_visitors_are_asked_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
