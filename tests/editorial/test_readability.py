"""Readability of lay texts: the measures, the endpoint and the indicator in the admin."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from editorial.readability import TARGET, readability
from tests.factories import InterventionFactory, TermFactory, TrialFactory
from trials.models import Condition

EASY_ENGLISH = (
    "The cat sat on the mat. It was a warm day. We went to the park. The dog ran fast. "
    "We had fun and then went home."
)
DENSE_ENGLISH = (
    "Allogeneic bone marrow-derived mesenchymal stromal cells demonstrated immunomodulatory "
    "characteristics, facilitating osteogenic differentiation and neovascularisation within "
    "atrophic nonunion microenvironments, notwithstanding considerable interindividual "
    "variability regarding proliferative capacity."
)
SIMPLE_TEXT = {
    "en": "The doctor gives you a new drug. You take it once a day. Then we check how you feel.",
    "it": "Il medico ti dà un nuovo farmaco. Lo prendi una volta al giorno. Poi vediamo come stai.",
    "fr": "Le médecin vous donne un nouveau médicament. Vous le prenez une fois par jour.",
    "de": "Der Arzt gibt Ihnen ein neues Mittel. Sie nehmen es einmal am Tag. Dann sehen wir.",
    "es": "El médico le da un nuevo fármaco. Usted lo toma una vez al día. Luego vemos cómo está.",
}


def test_easy_english_scores_high_and_dense_english_scores_low():
    easy = readability(EASY_ENGLISH, "en")
    dense = readability(DENSE_ENGLISH, "en")

    assert easy.score >= 80
    assert easy.is_plain
    assert dense.score < 30
    assert not dense.is_plain


def test_simple_italian_sentence_reaches_gulpease_60():
    result = readability(SIMPLE_TEXT["it"], "it")

    assert result.score >= 60
    assert str(result.measure) == "Gulpease index"


@pytest.mark.parametrize("language", SIMPLE_TEXT)
def test_every_language_gets_a_score_on_its_own_scale(language):
    result = readability(SIMPLE_TEXT[language], language)

    assert result is not None
    assert 0 <= result.score <= 100
    assert result.target == TARGET
    assert result.words >= 5


def test_too_short_text_gets_no_score():
    assert readability("Take it daily.", "en") is None
    assert readability("", "it") is None


# The endpoint ------------------------------------------------------------------------------

URL = "/admin/readability/"


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(user)
    return client


def test_readability_url_is_in_the_admin():
    assert reverse("editorial:readability") == URL


def test_endpoint_scores_posted_text(staff_client):
    response = staff_client.post(URL, {"text": SIMPLE_TEXT["it"], "language": "it"})

    assert response.status_code == 200
    data = response.json()
    assert data["language"] == "it"
    assert data["measure"] == "Gulpease index"
    assert data["score"] >= 60
    assert data["target"] == TARGET
    assert data["is_plain"] is True
    assert data["level"] in ("easy", "very easy")
    assert "Gulpease index" in data["message"]


def test_endpoint_answers_get_too(staff_client):
    data = staff_client.get(URL, {"text": DENSE_ENGLISH, "language": "en"}).json()

    assert data["measure"] == "Flesch reading ease"
    assert data["is_plain"] is False
    assert data["level"] == "difficult"


def test_endpoint_gives_no_score_to_too_short_text(staff_client):
    data = staff_client.post(URL, {"text": "Short.", "language": "de"}).json()

    assert data["score"] is None
    assert data["is_plain"] is None
    assert data["message"] == "Too little text to measure readability."


def test_endpoint_measures_words_not_markup(staff_client):
    marked_up = "<p>" + EASY_ENGLISH.replace(". ", '.</p><p class="x"><em>') + "</em></p>"

    plain = staff_client.post(URL, {"text": EASY_ENGLISH, "language": "en"}).json()
    rich = staff_client.post(URL, {"text": marked_up, "language": "en"}).json()

    assert rich["score"] == plain["score"]


def test_endpoint_refuses_unknown_languages(staff_client):
    response = staff_client.post(URL, {"text": EASY_ENGLISH, "language": "xx"})

    assert response.status_code == 400
    assert response.json()["supported_languages"] == ["en", "it", "fr", "de", "es"]


def test_endpoint_is_for_staff_only(client, db):
    anonymous = client.post(URL, {"text": EASY_ENGLISH, "language": "en"})
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)
    not_staff = client.post(URL, {"text": EASY_ENGLISH, "language": "en"})

    assert anonymous.status_code == 403
    assert not_staff.status_code == 403


# The indicator in the admin -----------------------------------------------------------------


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []
        self.stylesheets = []
        self.lay_fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        if attrs.get("data-readability-language"):
            self.lay_fields[attrs["name"]] = attrs["data-readability-language"]


def is_local(url):
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


def change_page(admin_client, obj):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assets = _Assets()
    assets.feed(response.content.decode())
    return assets


@pytest.mark.parametrize(
    "make, lay_field",
    [
        (lambda: InterventionFactory(), "description"),
        (lambda: Condition.objects.create(name_en="Fracture", slug="fracture"), "explanation"),
        (lambda: TrialFactory(), "public_title"),
        (lambda: TrialFactory(), "brief_summary"),
        (lambda: TermFactory(), "definition"),
    ],
    ids=["intervention", "condition", "trial-title", "trial-summary", "term"],
)
def test_change_page_has_the_local_readability_script_and_no_cdn(admin_client, make, lay_field):
    assets = change_page(admin_client, make())

    assert "/static/editorial/readability.js" in assets.scripts
    for url in (*assets.scripts, *assets.stylesheets):
        assert is_local(url), url
    for language in ("en", "it", "fr", "de", "es"):
        assert assets.lay_fields[f"{lay_field}_{language}"] == language


def test_names_are_not_lay_texts(admin_client):
    assets = change_page(admin_client, InterventionFactory())

    assert "name_it" not in assets.lay_fields
