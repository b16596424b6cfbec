"""The language switcher keeps the reader on the same page and remembers the language."""

import pytest

from tests.pages import read
from trials.demo import INTERVENTION_SLUG

pytestmark = pytest.mark.django_db


def test_switcher_links_name_each_language_in_itself(client, demo_intervention):
    content = client.get(f"/en/interventions/{INTERVENTION_SLUG}/").content.decode()

    assert 'hreflang="it" lang="it"' in content
    assert ">Italiano<" in content or ">italiano<" in content


def test_switching_goes_to_the_same_page_in_the_chosen_language(client, demo_intervention):
    page = read(client.get(f"/en/interventions/{INTERVENTION_SLUG}/"))
    (switch,) = [href for href, text in page.links if text.lower() == "italiano"]

    response = client.get(switch)

    assert response.status_code == 302
    assert response["Location"] == f"/it/interventions/{INTERVENTION_SLUG}/"
    assert response.cookies["django_language"].value == "it"
    assert response.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60


def test_home_opens_in_the_remembered_language(client):
    client.get("/language/de/?next=/en/")

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/de/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", ""])
def test_switching_never_leaves_the_site(client, target):
    response = client.get("/language/it/", {"next": target})

    assert response["Location"] == "/it/"


def test_unknown_language_is_not_found(client):
    assert client.get("/language/xx/?next=/en/").status_code == 404
