"""Translation status: which fields are missing or outdated in each language, in the admin."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from glossary.models import Term
from tests.editorial.admin_forms import read_admin_form
from tests.factories import ConditionFactory, InterventionFactory, TermFactory, TrialFactory
from tests.pages import read
from trials.models import Condition, Intervention, Trial

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [Intervention, Condition, Trial, Term]
COVERAGE_URL = "/admin/translations/"


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def make(model, **fields):
    factory = {
        Intervention: InterventionFactory,
        Condition: ConditionFactory,
        Trial: TrialFactory,
        Term: TermFactory,
    }[model]
    return factory(**fields)


# On the model -------------------------------------------------------------------------------


def test_editing_the_english_text_makes_the_italian_translation_outdated():
    intervention = InterventionFactory(name_en="Salbutamol", name_it="Salbutamolo")
    assert intervention.translation_status()["it"]["outdated"] == []

    intervention.name_en = "Salbutamol inhaler"
    intervention.save()

    intervention.refresh_from_db()
    assert intervention.translation_status()["it"]["outdated"] == ["name"]
    assert list(Intervention.objects.outdated_in("it")) == [intervention]
    assert list(Intervention.objects.outdated_in("de")) == []


def test_saving_a_new_italian_translation_makes_it_current_again():
    intervention = InterventionFactory(name_en="Salbutamol", name_it="Salbutamolo")
    intervention.name_en = "Salbutamol inhaler"
    intervention.save()

    intervention.name_it = "Salbutamolo per inalazione"
    intervention.save()

    intervention.refresh_from_db()
    assert intervention.translation_status()["it"] == {"missing": [], "outdated": []}
    assert not Intervention.objects.outdated_in("it").exists()


def test_fields_with_english_text_and_no_translation_are_missing():
    intervention = InterventionFactory(
        name_en="Salbutamol", name_fr="Salbutamol", description_en="A medicine."
    )

    status = intervention.translation_status()

    assert status["fr"] == {"missing": ["description"], "outdated": []}
    assert sorted(status["it"]["missing"]) == ["description", "name"]
    assert set(Intervention.objects.missing_in("de")) == {intervention}


def test_outdated_translation_is_found_through_the_admin(admin_client):
    condition = ConditionFactory(name_en="Fracture", name_it="Frattura")
    data, _lengths = read_admin_form(admin_client.get(change_url(condition)), Condition)
    data["name_en"] = ["Bone fracture"]

    response = admin_client.post(change_url(condition), data)

    assert response.status_code == 302
    assert list(Condition.objects.outdated_in("it")) == [condition]
    page = read(admin_client.get(change_url(condition)))
    assert "Italian Outdated (the English text changed since): name" in page.text


# The admin list -----------------------------------------------------------------------------


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_translation_filter_offers_missing_and_outdated_in_every_other_language(
    admin_client, model
):
    page = read(admin_client.get(changelist_url(model)))

    link_texts = {text for _href, text in page.links}
    for language in ("Italian", "French", "German", "Spanish"):
        assert f"Missing in {language}" in link_texts
        assert f"Outdated in {language}" in link_texts
    assert "Missing in English" not in link_texts


@pytest.mark.parametrize("model", CONTENT_MODELS, ids=lambda model: model.__name__)
def test_translation_filter_lists_the_work_left(admin_client, model):
    translated = {
        Intervention: "name",
        Condition: "name",
        Trial: "public_title",
        Term: "term",
    }[model]
    missing = make(model, **{f"{translated}_en": "Alpha words"})
    outdated = make(model, **{f"{translated}_en": "Beta", f"{translated}_it": "Beta it"})
    setattr(outdated, f"{translated}_en", "Beta changed")
    outdated.save()

    missing_it = admin_client.get(changelist_url(model), {"translation": "missing_it"})
    outdated_it = admin_client.get(changelist_url(model), {"translation": "outdated_it"})

    assert missing in missing_it.context["cl"].result_list
    assert list(outdated_it.context["cl"].result_list) == [outdated]


def test_changelist_shows_each_language_status_compactly(admin_client):
    InterventionFactory(name_en="Salbutamol", name_it="Salbutamolo", name_fr="Salbutamol")
    intervention = Intervention.objects.get()
    intervention.name_en = "Salbutamol inhaler"
    intervention.name_fr = "Salbutamol inhalé"
    intervention.save()

    html = admin_client.get(changelist_url(Intervention)).content.decode()

    cells = re.findall(r'class="translation-state (\w+)" title="([^"]+)">(\w\w)<', html)
    assert cells == [
        ("outdated", "Italian: outdated", "IT"),
        ("complete", "French: up to date", "FR"),
        ("missing", "German: missing", "DE"),
        ("missing", "Spanish: missing", "ES"),
    ]


def test_changelist_queries_do_not_grow_with_rows(admin_client):
    InterventionFactory()
    with CaptureQueriesContext(connection) as one:
        admin_client.get(changelist_url(Intervention))
    InterventionFactory.create_batch(5, name_it="x")
    with CaptureQueriesContext(connection) as many:
        admin_client.get(changelist_url(Intervention))

    assert len(many) == len(one)


# The change form ----------------------------------------------------------------------------


def test_change_form_lists_missing_and_outdated_fields_per_language(admin_client):
    intervention = InterventionFactory(
        name_en="Salbutamol", name_it="Salbutamolo", description_en="A medicine."
    )
    intervention.name_en = "Salbutamol inhaler"
    intervention.save()

    page = read(admin_client.get(change_url(intervention)))

    assert "Translation status" in page.headings
    assert (
        "Italian Missing: description; Outdated (the English text changed since): name" in page.text
    )
    assert "German Missing: name, description" in page.text


def test_change_form_says_when_a_language_is_up_to_date(admin_client):
    term = TermFactory(
        **{f"{field}_{lang}": "x" for field in ("term", "definition") for lang in ("it", "fr")}
    )
    assert term.translation_status()["it"] == {"missing": [], "outdated": []}

    page = read(admin_client.get(change_url(term)))

    assert "Italian Up to date." in page.text
    assert "French Up to date." in page.text


def test_add_form_has_no_translation_status(admin_client):
    response = admin_client.get(reverse("admin:trials_intervention_add"))

    assert "Translation status" not in read(response).headings


# The coverage page ---------------------------------------------------------------------------


def test_coverage_page_counts_complete_missing_and_outdated_per_language(admin_client):
    InterventionFactory(name_en="A", name_it="A it")
    InterventionFactory(name_en="B")
    changed = InterventionFactory(name_en="C", name_it="C it")
    changed.name_en = "C changed"
    changed.save()

    html = admin_client.get(COVERAGE_URL).content.decode()

    table = html[html.index('id="coverage-intervention"') :]
    table = table[: table.index("</table>")]
    rows = [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    assert rows[0] == ["Language", "Complete", "Missing", "Outdated"]
    by_language = {row[0]: row[1:] for row in rows[1:]}
    assert by_language["Italian"] == ["1", "1", "1"]
    assert by_language["German"] == ["0", "3", "0"]
    assert "Translation coverage" in read(admin_client.get(COVERAGE_URL)).headings


def test_coverage_page_links_to_the_filtered_lists(admin_client):
    InterventionFactory(name_en="B")
    TermFactory()

    page = read(admin_client.get(COVERAGE_URL))

    hrefs = {href for href, _text in page.links}
    assert f"{changelist_url(Intervention)}?translation=missing_it" in hrefs
    assert f"{changelist_url(Term)}?translation=missing_es" in hrefs
    for model in CONTENT_MODELS:
        assert changelist_url(model) in hrefs


def test_coverage_page_queries_do_not_grow_with_objects(admin_client):
    InterventionFactory()
    with CaptureQueriesContext(connection) as one:
        admin_client.get(COVERAGE_URL)
    InterventionFactory.create_batch(5)
    TermFactory.create_batch(5)
    with CaptureQueriesContext(connection) as many:
        admin_client.get(COVERAGE_URL)

    assert len(many) == len(one)


def test_coverage_page_is_for_staff_only(client):
    anonymous = client.get(COVERAGE_URL)
    client.force_login(get_user_model().objects.create_user("reader", password="x"))
    not_staff = client.get(COVERAGE_URL)

    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert not_staff.status_code == 302


def test_admin_index_links_to_the_coverage_page(admin_client):
    page = read(admin_client.get(reverse("admin:index")))

    assert (COVERAGE_URL, "Translation coverage") in page.links
