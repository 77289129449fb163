"""English at /, Hindi at /hi/, with the header translated."""

import pytest

pytestmark = pytest.mark.django_db


def test_hindi_home_has_devanagari_chrome(client):
    response = client.get("/hi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="hi">' in html
    assert "मुख्य सामग्री पर जाएँ" in html  # skip link
    assert "खोजें" in html  # search button
    assert "ज़िले" in html  # districts link


def test_english_home_links_to_the_hindi_page(client):
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert 'href="/hi/" hreflang="hi"' in html
    assert 'hreflang="hi" href="http://testserver/hi/"' in html


def test_the_language_switch_keeps_the_page_and_its_query(client):
    html = client.get("/hi/accounts/login/?next=/sell/").content.decode()
    assert 'href="/accounts/login/?next=/sell/" hreflang="en"' in html
    html = client.get("/accounts/login/?next=/sell/").content.decode()
    assert 'href="/hi/accounts/login/?next=/sell/" hreflang="hi"' in html
