"""Could I take part? Trials filtered by the reader's age, sex and being a healthy volunteer,
as their records give them: on the site's search and in the API, over real records."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.factories import TrialFactory
from tests.trials.test_import import FIXTURES, import_all
from trials.api.filters import AGE_HELP
from trials.models import AgeGroup, Sex, Trial, age_bounds, age_in_years

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("registry_age", "years"),
    [("18 Years", 18), ("6 Months", 0.5), ("1 Year", 1), ("14 Days", 14 / 365.25)],
)
def test_ages_in_years(registry_age, years):
    assert age_in_years(registry_age) == pytest.approx(years)


@pytest.mark.parametrize("registry_age", ["", "N/A", "18", "Years"])
def test_an_age_the_registry_does_not_give_is_none(registry_age):
    assert age_in_years(registry_age) is None


@pytest.mark.parametrize(
    ("minimum", "maximum", "groups", "bounds"),
    [
        ("18 Years", "", [], (18, None)),
        ("", "17 Years", [], (None, 17)),
        ("", "", [AgeGroup.ADULTS, AgeGroup.OLDER_ADULTS], (18, None)),
        ("", "", [AgeGroup.UNDER_18], (0, 17)),
        ("", "", [AgeGroup.IN_UTERO], (None, None)),
        ("", "", [], (None, None)),
        # The record's own ages come first.
        ("12 Years", "", [AgeGroup.ADULTS], (12, None)),
    ],
)
def test_age_bounds_from_ages_or_ctis_groups(minimum, maximum, groups, bounds):
    assert age_bounds(minimum, maximum, groups) == bounds


def _record_ages(path):
    record = json.loads(path.read_text())
    eligibility = record.get("protocolSection", {}).get("eligibilityModule", {})
    return age_in_years(eligibility.get("minimumAge", "")), age_in_years(
        eligibility.get("maximumAge", "")
    )


def test_the_age_filter_follows_every_real_record(client):
    import_all()
    records = {path.stem: _record_ages(path) for path in (FIXTURES / "ctgov").glob("*.json")}
    assert len(records) > 20

    for age in (0, 10, 17, 18, 40, 70, 90):
        found = set(
            Trial.objects.matching(age=age)
            .filter(primary_identifier__in=records)
            .values_list("primary_identifier", flat=True)
        )
        expected = {
            identifier
            for identifier, (youngest, oldest) in records.items()
            if (youngest is None or youngest <= age) and (oldest is None or oldest >= age)
        }
        assert found == expected, age
    # Some records exclude children, some the old: the filter is not vacuous.
    assert set(records) - set(
        Trial.objects.matching(age=10).values_list("primary_identifier", flat=True)
    )


def test_ctis_records_are_filtered_by_their_age_groups():
    import_all()
    ctis = Trial.objects.filter(primary_identifier__regex=r"^[0-9]{4}-")
    assert ctis.count() == len(list((FIXTURES / "ctis").glob("*.json")))
    adults_only = []
    for trial in ctis:
        assert trial.age_groups, trial.primary_identifier
        bounds = (trial.minimum_age_years, trial.maximum_age_years)
        assert bounds == age_bounds("", "", trial.age_groups)
        if AgeGroup.UNDER_18 not in trial.age_groups:
            adults_only.append(trial.pk)
    assert adults_only
    assert not Trial.objects.matching(age=10).filter(pk__in=adults_only).exists()
    older = set(Trial.objects.matching(age=70).values_list("pk", flat=True))
    for trial in ctis:
        assert (trial.pk in older) == (AgeGroup.OLDER_ADULTS in trial.age_groups)


def test_sex_and_healthy_volunteers_narrow_the_trials():
    women = TrialFactory(sex=Sex.FEMALE, healthy_volunteers=False)
    men = TrialFactory(sex=Sex.MALE, healthy_volunteers=True)
    everyone = TrialFactory(sex=Sex.ALL, healthy_volunteers=True)

    assert set(Trial.objects.matching(sex=Sex.FEMALE)) == {women, everyone}
    assert set(Trial.objects.matching(sex=Sex.MALE)) == {men, everyone}
    assert set(Trial.objects.matching(healthy_volunteers=True)) == {men, everyone}
    assert set(Trial.objects.matching(healthy_volunteers=False)) == {women}


def test_an_age_change_moves_the_trial_in_and_out_of_the_filter():
    trial = TrialFactory(minimum_age="18 Years", maximum_age="")
    assert not Trial.objects.matching(age=12).filter(pk=trial.pk).exists()

    trial.minimum_age = "12 Years"
    trial.save(update_fields=["minimum_age"])

    assert Trial.objects.matching(age=12).filter(pk=trial.pk).exists()


def test_the_api_filters_by_age_sex_and_healthy_volunteers(client):
    child = TrialFactory(primary_identifier="NCT00000011", maximum_age="17 Years", sex=Sex.ALL)
    woman = TrialFactory(primary_identifier="NCT00000012", minimum_age="18 Years", sex=Sex.FEMALE)
    volunteer = TrialFactory(
        primary_identifier="NCT00000013", minimum_age="18 Years", healthy_volunteers=True
    )

    def identifiers(**query):
        response = client.get("/api/v1/trials/", query)
        assert response.status_code == 200, response.content
        return {row["identifier"] for row in response.json()["results"]}

    assert identifiers(age=10) == {child.primary_identifier}
    assert identifiers(age=30, sex="female") == {woman.primary_identifier}
    assert identifiers(healthy_volunteers="true") == {volunteer.primary_identifier}
    for wrong in ({"age": "-1"}, {"age": "200"}, {"age": "old"}, {"sex": "other"}):
        assert client.get("/api/v1/trials/", wrong).status_code == 400


def test_the_schema_documents_the_eligibility_filters():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/trials/"]["get"]["parameters"]
    }

    assert {"age", "sex", "healthy_volunteers"} <= set(parameters)
    assert parameters["age"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 150}
    assert parameters["age"]["description"] == AGE_HELP
    assert parameters["healthy_volunteers"]["description"]
    assert parameters["sex"]["schema"]["enum"] == ["female", "male"]


def test_the_search_page_filters_and_keeps_the_readers_answers(client):
    TrialFactory(
        primary_identifier="NCT00000021", public_title_en="Knee study", maximum_age="17 Years"
    )
    TrialFactory(
        primary_identifier="NCT00000022",
        public_title_en="Knee study",
        minimum_age="18 Years",
        sex=Sex.FEMALE,
        healthy_volunteers=True,
    )

    response = client.get(
        "/en/search/",
        {"q": "knee", "age": "45", "sex": "female", "healthy_volunteers": "yes"},
    )

    html = response.content.decode()
    assert "/en/trials/NCT00000022/" in html and "/en/trials/NCT00000021/" not in html
    assert 'name="age" type="number" min="0" max="150" inputmode="numeric" value="45"' in html
    assert '<option value="female" selected>' in html
    assert 'name="healthy_volunteers" value="yes" checked' in html
    assert "only the study team can say whether you can take part" in html


@pytest.mark.parametrize("age", ["-3", "abc", "999"])
def test_a_wrong_age_is_ignored_by_the_search_page(client, age):
    TrialFactory(
        primary_identifier="NCT00000031", public_title_en="Knee study", maximum_age="17 Years"
    )

    response = client.get("/en/search/", {"q": "knee", "age": age})

    assert response.status_code == 200
    assert "/en/trials/NCT00000031/" in response.content.decode()
