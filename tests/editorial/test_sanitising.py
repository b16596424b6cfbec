"""Hostile text typed into any translated field never reaches a reader as live markup."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.urls import reverse

from config.languages import LANGUAGE_CODES
from editorial.models import PublicationState
from glossary.models import Term
from tests.editorial.admin_forms import read_admin_form
from tests.factories import (
    InterventionFactory,
    SectionTextFactory,
    TermFactory,
    complete_trial,
)
from trials.models import (
    Condition,
    Intervention,
    Outcome,
    SectionText,
    SummarySection,
    Trial,
    TrialIntervention,
)
from trials.richtext import clean_rich_text, plain_text, render_rich_text

pytestmark = pytest.mark.django_db

LANGUAGES = LANGUAGE_CODES

HOSTILE = {
    "script": '<script>alert("script")</script>Plain words',
    "event_handlers": '<img src=x onerror=alert(1)><p onclick="alert(2)">Hi</p>'
    "<svg onload=alert(3)>",
    "javascript_links": '<a href="javascript:alert(1)">click</a> '
    '<a href=" JaVaScRiPt:alert(2)">x</a> [markdown](javascript:alert(3))',
    "iframe": '<iframe src="https://evil.example/"></iframe><object data="x"></object>after',
    "broken_markup": "<scr<script>ipt>alert(1)</scr</script>ipt> <<img src=x onerror=alert(1)//> "
    '<a href="java\nscript:alert(1)">x</a> <p <script>alert(1)</script>',
    "attribute_breaking": '" onmouseover="alert(1)" x="\' onfocus=\'alert(2)\' <!--',
    "long": "Long text with many words. " * 3800 + "<script>alert('tail')</script>",
    "non_latin": "مرحبا بالعالم 你好，世界 🧪💉 Zürich ØÆ ελληνικά",
    "sql": "'; DROP TABLE trials_trial; -- \" OR 1=1; SELECT * FROM auth_user WHERE ''='",
}

# The translated fields of each content model, as the admin forms name them.
TRANSLATED = {
    Intervention: ["name", "route", "description"],
    Condition: ["name", "explanation"],
    Trial: [
        "official_title",
        "public_title",
        "brief_summary",
        "inclusion_criteria",
        "exclusion_criteria",
    ],
    TrialIntervention: ["usage"],
    Outcome: ["measure", "time_frame", "description"],
    SectionText: ["text"],
    Term: ["term", "definition", "aliases"],
}
_TRANSLATED_NAME = re.compile(
    r"^(?:(?P<prefix>\w+)-\d+-)?(?P<field>\w+)_(?P<language>" + "|".join(LANGUAGES) + ")$"
)
INLINE_MODELS = {
    "trial_interventions": TrialIntervention,
    "outcomes": Outcome,
    "section_texts": SectionText,
}


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


class _Audit(HTMLParser):
    """What a browser would run: script elements, event handler attributes, script URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts = []
        self.handlers = []
        self.script_urls = []
        self.embedded = []
        self.in_script = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            attrs_by_name = dict(attrs)
            self.in_script = [attrs_by_name.get("src"), attrs_by_name.get("type"), ""]
            self.scripts.append(self.in_script)
        if tag in ("iframe", "object", "embed", "frame", "base", "svg"):
            self.embedded.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            squashed = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if squashed.startswith(("javascript:", "vbscript:", "data:")):
                self.script_urls.append((tag, name, value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.in_script = None

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = None

    def handle_data(self, data):
        if self.in_script is not None:
            self.in_script[2] += data


def assert_nothing_live(html):
    audit = _Audit()
    audit.feed(html)
    # The page's own scripts: local files, and data (JSON-LD) with every "<" escaped.
    own_scripts = [
        script
        for script in audit.scripts
        if (script[0] or "").startswith("/static/")
        or (script[1] in ("application/ld+json", "application/json") and "<" not in script[2])
    ]
    assert [script for script in audit.scripts if script not in own_scripts] == []
    assert html.lower().count("<script") == len(own_scripts)
    assert audit.handlers == []
    assert audit.script_urls == []
    assert audit.embedded == []


def publish_everything():
    for model in (Intervention, Condition, Trial, Term):
        model.objects.update(state=PublicationState.PUBLISHED)


@pytest.fixture
def content(admin_user):
    intervention = InterventionFactory(description_en="A medicine.")
    trial = complete_trial(intervention=intervention)
    SectionTextFactory(intervention=intervention, section=SummarySection.OVERVIEW, text_en="Hi.")
    SectionTextFactory(trial=trial, section=SummarySection.DESIGN, text_en="Hello.")
    term = TermFactory()
    publish_everything()
    return {"intervention": intervention, "trial": trial, "term": term}


def admin_change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def fill(data, max_lengths, model, value):
    """Put `value` into every translated field of the form, cut to the field's length."""
    changed = 0
    for name in data:
        match = _TRANSLATED_NAME.match(name)
        if not match:
            continue
        owner = INLINE_MODELS.get(match["prefix"], model) if match["prefix"] else model
        if match["field"] not in TRANSLATED.get(owner, ()):
            continue
        limit = max_lengths.get(name)
        data[name] = [value[:limit] if limit else value]
        changed += 1
    return changed


def save_in_admin(admin_client, obj, value):
    model = type(obj)
    data, max_lengths = read_admin_form(admin_client.get(admin_change_url(obj)), model)
    assert fill(data, max_lengths, model, value)
    data["_save"] = ["Save"]
    response = admin_client.post(admin_change_url(obj), data)
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    assert response.status_code == 302, errors


def public_pages(content):
    intervention, trial, term = content["intervention"], content["trial"], content["term"]
    for language in ("en", "it"):
        yield f"/{language}/"
        yield f"/{language}/interventions/{intervention.slug}/"
        yield f"/{language}/trials/{trial.primary_identifier}/"
        for condition in trial.conditions.all():
            yield f"/{language}/conditions/{condition.slug}/"
        yield f"/{language}/glossary/"
        yield f"/{language}/glossary/{term.slug}/"


def api_urls(content):
    intervention, trial, term = content["intervention"], content["trial"], content["term"]
    condition = trial.conditions.first()
    return [
        "/api/v1/interventions/",
        f"/api/v1/interventions/{intervention.slug}/",
        f"/api/v1/interventions/{intervention.slug}/summary/",
        "/api/v1/trials/",
        f"/api/v1/trials/{trial.primary_identifier}/",
        f"/api/v1/trials/{trial.primary_identifier}/summary/",
        "/api/v1/conditions/",
        f"/api/v1/conditions/{condition.slug}/",
        "/api/v1/glossary/",
        f"/api/v1/glossary/{term.slug}/",
    ]


RICH_KEYS = {"description", "explanation", "definition"}


def rich_values(value, key=None):
    """Every value of a rich-text key anywhere in an API response (outcome descriptions are
    registry plain text, not rich text)."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name != "outcomes":
                yield from rich_values(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from rich_values(item, key)
    elif isinstance(value, str) and key in RICH_KEYS:
        yield value


def assert_rich_text_is_clean(text):
    lowered = text.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", lowered)


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_in_every_translated_field_never_runs(
    admin_client, client, content, value, settings
):
    # The long text in every field of a trial and its inlines is more than a real form sends.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    intervention, trial = content["intervention"], content["trial"]
    # A trial's outcomes and interventions are edited in their own change lists.
    rows = (*trial.outcomes.all(), *trial.trial_interventions.all())
    for obj in (intervention, trial, *rows, *trial.conditions.all(), content["term"]):
        save_in_admin(admin_client, obj, value)
    publish_everything()

    saved = Intervention.objects.get(pk=intervention.pk)
    assert saved.name_it == value[:300]
    assert Outcome.objects.filter(trial=trial, measure_de=value).exists()
    assert SectionText.objects.filter(trial=trial, text_fr=value).exists()
    for url in public_pages(content):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_nothing_live(response.content.decode())
    for url in api_urls(content):
        for language in ("en", "it"):
            response = client.get(url, {"lang": language})
            assert response.status_code == 200, url
            data = json.loads(response.content)
            for text in rich_values(data):
                assert_rich_text_is_clean(text)


def test_plain_hostile_text_is_shown_as_text(admin_client, client, content):
    save_in_admin(admin_client, content["intervention"], HOSTILE["non_latin"] + " <b>bold?</b>")
    publish_everything()

    html = client.get(f"/en/interventions/{content['intervention'].slug}/").content.decode()

    assert "你好，世界 🧪💉" in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html  # the name is plain text: shown, not obeyed


# The rich-text subset ----------------------------------------------------------------------


def test_rich_text_keeps_paragraphs_lists_emphasis_and_safe_links():
    html = (
        '<p>A <em>new</em> <strong>medicine</strong>, see <a href="https://example.org/">this'
        '</a> or <a href="mailto:team@example.org">write</a>.</p><ul><li>One</li></ul>'
        "<ol><li>Two</li></ol>"
    )

    cleaned = clean_rich_text(html)

    for kept in ("<p>", "<em>new</em>", "<strong>", "<ul><li>One</li></ul>", "<ol>"):
        assert kept in cleaned
    assert 'href="https://example.org/"' in cleaned
    assert 'href="mailto:team@example.org"' in cleaned


def test_rich_text_loses_scripts_handlers_frames_and_other_link_schemes():
    cleaned = clean_rich_text(
        '<script>alert(1)</script><p onclick="x()" style="color:red">Hi</p>'
        '<a href="javascript:alert(1)">a</a><a href="ftp://example.org/">b</a>'
        '<iframe src="https://example.org/"></iframe><img src="x" onerror="y()"><h1>Big</h1>'
    )

    assert cleaned.startswith("<p>Hi</p>")
    for gone in ("script", "onclick", "style", "javascript", "ftp:", "iframe", "img", "<h1>"):
        assert gone not in cleaned
    assert "Big" in cleaned


def test_cleaning_twice_changes_nothing():
    for value in HOSTILE.values():
        once = clean_rich_text(value)
        assert clean_rich_text(once) == once


def test_rich_text_is_cleaned_when_a_model_is_saved():
    intervention = InterventionFactory(
        description_en='<p>Safe</p><script>alert(1)</script><a href="javascript:x()">y</a>',
        description_it="<p onmouseover='x()'>Sicuro</p>",
    )
    term = TermFactory(definition_de="<iframe src=x></iframe><em>Wort</em>")

    intervention.refresh_from_db()
    term.refresh_from_db()
    assert intervention.description_en == '<p>Safe</p><a rel="nofollow noopener noreferrer">y</a>'
    assert intervention.description_it == "<p>Sicuro</p>"
    assert term.definition_de == "<em>Wort</em>"


def test_cleaning_english_does_not_make_a_fresh_translation_outdated():
    intervention = InterventionFactory(
        description_en="<p>Safe<script>x</script></p>", description_it="<p>Sicuro</p>"
    )

    intervention.refresh_from_db()
    assert intervention.translation_status()["it"]["outdated"] == []


def test_plain_text_of_rich_text_reads_as_words():
    assert plain_text("<p>One &amp; two.</p><ul><li>Three</li><li>four</li></ul>") == (
        "One & two. Three four"
    )
    assert plain_text("<script>alert(1)</script>Words") == "Words"


def test_plain_lines_of_rich_text_become_paragraphs():
    assert render_rich_text("First line.\n\nSecond <em>one</em>.") == (
        "<p>First line.</p>\n\n<p>Second <em>one</em>.</p>"
    )


def test_condition_page_renders_the_explanation_formatting(client):
    intervention = InterventionFactory()
    trial = complete_trial(intervention=intervention)
    condition = trial.conditions.first()
    condition.explanation_en = '<p>A <em>slow</em> <a href="https://example.org/">fracture</a>.</p>'
    condition.save()
    publish_everything()

    html = client.get(condition.get_absolute_url()).content.decode()

    assert "<p>A <em>slow</em> <a " in html
    assert 'href="https://example.org/"' in html


def test_summary_sentences_use_rich_text_as_plain_words(client):
    intervention = InterventionFactory(description_en="<p>A <em>new</em> medicine.</p>")
    complete_trial(intervention=intervention)
    publish_everything()

    response = client.get(intervention.get_absolute_url())
    html = response.content.decode()

    assert "A new medicine." in html
    assert "&lt;em&gt;" not in html
    summary = client.get(f"/api/v1/interventions/{intervention.slug}/summary/").json()
    texts = [s["text"] for s in summary["introduction"]["paragraphs"][0]["sentences"]]
    assert "A new medicine." in texts


def test_glossary_pages_render_the_definition_formatting(client):
    term = TermFactory(definition_en="<p>A <strong>bone</strong> that is long.</p>")
    publish_everything()

    detail = client.get(term.get_absolute_url()).content.decode()
    listing = client.get(reverse("glossary")).content.decode()

    assert "<strong>bone</strong>" in detail
    assert "<strong>bone</strong>" in listing
