"""Every generated sentence, on every real record in tests/fixtures/, checked against the
record: each fact it states is found at the registry paths it names, a sentence saying that
the registry does not give a field is only written where the record has none, verbs follow
the status, interventions keep their role, identifiers their kind, and CTIS its age groups and
countries as given. In English and Italian."""

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from trials.importers.sources import iter_source_items
from trials.importers.writer import import_items
from trials.labels import age_group_label, partial_date_label, phase_label
from trials.models import (
    AgeGroup,
    Intervention,
    InterventionRole,
    Phase,
    Trial,
)
from trials.summary import build_intervention_summary, build_trial_summary
from trials.summary.statuses import Stage, is_by_invitation, stage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures"
RECORDS = sorted(FIXTURES.glob("ctgov/*.json")) + sorted(FIXTURES.glob("ctis/*.json"))
LANGUAGES = ("en", "it")
# Values a registry writes for "not given".
NOT_GIVEN = {"", "n/a", "-"}

# The verbs of the introduction, by the stage of the trial (English).
STAGE_VERBS = {
    Stage.PLANNED: ("will investigate", "will compare", "will observe", "will study"),
    Stage.ONGOING: ("is investigating", "is comparing", "observes", "is studying"),
    Stage.PAUSED: ("was set up to",),
    Stage.FINISHED: ("investigated", "compared", "observed", "studied"),
    Stage.STOPPED: ("investigated", "compared", "observed", "studied"),
    Stage.WITHDRAWN: ("was planned to",),
    Stage.NOT_RUN: ("was planned to",),
    Stage.UNKNOWN: ("was set up to",),
}
PRESENT_OR_FUTURE = ("is investigating", "will investigate", "is comparing", "will compare")
PAST_STAGES = {Stage.FINISHED, Stage.STOPPED, Stage.WITHDRAWN, Stage.NOT_RUN}
NOT_STUDIED = {
    InterventionRole.PLACEBO,
    InterventionRole.SHAM,
    InterventionRole.ACTIVE_COMPARATOR,
    InterventionRole.AUXILIARY,
}


def resolve(data, path):
    """Every value at a path of the record (`a.b[*].c`), lists at the end flattened."""
    current = [data]
    for key in path.split("."):
        wildcard = key.endswith("[*]")
        key = key.removesuffix("[*]")
        found = []
        for item in current:
            if isinstance(item, dict) and item.get(key) is not None:
                value = item[key]
                if wildcard:
                    found.extend(value if isinstance(value, list) else [])
                else:
                    found.append(value)
        current = found
    values = []
    for value in current:
        values.extend(value if isinstance(value, list) else [value])
    return [value for value in values if str(value).strip().casefold() not in NOT_GIVEN]


def numbers_in(text):
    """The numbers of a text, thousands separators removed (1,078 and 1.078 are 1078)."""
    text = re.sub(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}\b)", "", text)
    return {str(int(number)) for number in re.findall(r"\d+", text)}


def holders(record, path):
    """For each list along a path, how many of its items hold a value at the rest of the path
    (`locations[*].contacts[*]`: the sites that list a contact)."""
    keys = path.split(".")
    counts = set()
    for index, key in enumerate(keys[:-1]):
        if key.endswith("[*]"):
            items = resolve(record, ".".join(keys[: index + 1]))
            rest = ".".join(keys[index + 1 :])
            counts.add(str(sum(1 for item in items if resolve(item, rest))))
    return counts


def allowed_numbers(record, source):
    """The numbers a sentence may state from one source: those in its values, the counts of
    its lists, of the items of a list that hold it, and of each value in them (the sites that
    are recruiting), and their sums (CTIS's participants: the EEA's and the rest of the
    world's)."""
    allowed, sums = set(), []
    for path in source.paths:
        values = resolve(record, path)
        allowed.add(str(len(values)))
        allowed |= holders(record, path)
        allowed |= {str(count) for count in Counter(map(str, values)).values()}
        allowed |= {number for value in values for number in numbers_in(str(value))}
        whole = [int(value) for value in values if re.fullmatch(r"\s*\d+\s*", str(value))]
        if whole:
            sums.append(sum(whole))
    for first in range(len(sums)):
        for second in range(first, len(sums)):
            allowed.add(str(sums[first] + (sums[second] if second != first else 0)))
    allowed |= {str(total) for total in sums}
    if source.field == "Trial.age_groups":
        allowed |= {n for group in AgeGroup for n in numbers_in(str(group.label))}
    if source.field == "Trial.phase":
        allowed |= {n for phase in Phase for n in numbers_in(str(phase.label))}
    return allowed


def sentences_of(summary):
    for section in (summary.introduction, *summary.sections):
        for paragraph in section.paragraphs:
            yield from paragraph.sentences


def imported(path):
    report = import_items(iter_source_items([str(path)]), publish=True)
    assert report.failed == 0, report.failures
    record = json.loads(path.read_text(encoding="utf-8"))
    identifier = path.stem
    return record, Trial.objects.for_summary().get(primary_identifier=identifier)


@pytest.fixture(params=RECORDS, ids=lambda path: path.stem)
def record_and_trial(request):
    return imported(request.param)


def test_the_fixtures_cover_every_status_and_both_registries():
    statuses = set()
    for path in RECORDS:
        data = json.loads(path.read_text(encoding="utf-8"))
        protocol = data.get("protocolSection")
        statuses.add(protocol["statusModule"]["overallStatus"] if protocol else "CTIS")
    assert {
        "NOT_YET_RECRUITING",
        "RECRUITING",
        "ENROLLING_BY_INVITATION",
        "ACTIVE_NOT_RECRUITING",
        "SUSPENDED",
        "TERMINATED",
        "COMPLETED",
        "WITHDRAWN",
        "UNKNOWN",
        "CTIS",
    } <= statuses


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_fact_is_found_where_its_sentence_says(record_and_trial, language):
    record, trial = record_and_trial
    summary = build_trial_summary(trial, language)
    checked = 0
    for line in sentences_of(summary):
        if not line.cites:
            continue  # a sentence that explains the page, or an editor's text
        assert line.sources, f"a cited sentence without sources: {line.text}"
        allowed = set()
        for source in line.sources:
            if not source.paths:
                continue  # a field of our own (the trial has no registry path for it)
            assert source.record == trial.primary_identifier
            found = [value for path in source.paths for value in resolve(record, path)]
            if source.absent:
                assert not found, f"{line.text!r} says {source.field} is not given: {found[:3]}"
            else:
                assert found, f"{line.text!r} states {source.field}, absent from the record"
                allowed |= allowed_numbers(record, source)
                checked += 1
        stated = numbers_in(line.text)
        unfound = stated - allowed if any(s.paths and not s.absent for s in line.sources) else set()
        assert not unfound, f"{line.text!r}: {sorted(unfound)} not in the record's fields"
    assert checked > 10


def test_verbs_follow_the_status(record_and_trial):
    _record, trial = record_and_trial
    summary = build_trial_summary(trial, "en")
    current = stage(trial)
    opening = " ".join(line.text for line in summary.introduction.paragraphs[0].sentences[:2])
    if "expanded access" not in opening:
        assert any(verb in opening for verb in STAGE_VERBS[current]), (current, opening)
    if current in PAST_STAGES:
        text = " ".join(line.text for line in sentences_of(summary))
        assert not any(verb in text for verb in PRESENT_OR_FUTURE), text
    if current == Stage.WITHDRAWN:
        assert "stopped before anyone took part" in opening


def test_no_comparator_placebo_or_sham_is_said_to_be_investigated(record_and_trial):
    _record, trial = record_and_trial
    summary = build_trial_summary(trial, "en")
    opening = summary.introduction.paragraphs[0].sentences[0].text
    links = list(trial.trial_interventions.all())
    studied = [link.intervention.name_en for link in links if link.role not in NOT_STUDIED]
    for link in links:
        name = link.intervention.name_en
        if link.role in NOT_STUDIED and not any(name in other for other in studied):
            assert not ("investigat" in opening and name in opening), (name, opening)
    for line in sentences_of(summary):
        for link in links:
            if line.text.startswith(f"In this trial, {link.intervention.name_en} is"):
                role = str(link.get_role_display()) if link.role else ""
                assert role.split()[0] in line.text or not link.role, (role, line.text)


def test_an_observational_study_never_uses_or_investigates_a_treatment(record_and_trial):
    _record, trial = record_and_trial
    if trial.study_type != "observational":
        return
    text = " ".join(line.text for line in sentences_of(build_trial_summary(trial, "en")))
    # Its people may be investigators (a principal investigator): the study investigates nothing.
    assert not re.search(r"investigat(?!or)", text)
    assert "The trial uses" not in text
    assert "observ" in text


def test_identifiers_are_stated_by_what_they_are(record_and_trial):
    _record, trial = record_and_trial
    summary = build_trial_summary(trial, "en")
    registered = " ".join(
        line.text
        for line in sentences_of(summary)
        if line.text.startswith("The study is also registered under")
    )
    for identifier in trial.identifiers.all():
        if not identifier.is_registry_number or identifier.kind == "WHO_UTN":
            assert identifier.value not in registered, (identifier.kind, registered)
        else:
            assert identifier.value in registered
    if trial.short_title:
        assert trial.short_title not in registered
        assert not trial.identifiers.filter(value=trial.short_title).exists()


def test_ctis_ages_and_countries_are_stated_as_given(record_and_trial):
    record, trial = record_and_trial
    if not trial.registry_format.startswith("ctis"):
        return
    text = " ".join(line.text for line in sentences_of(build_trial_summary(trial, "en")))
    assert "must be aged" not in text
    assert not trial.minimum_age and not trial.maximum_age
    for group in trial.age_groups:
        assert age_group_label(group) in text
    prefix = "authorizedApplication." if trial.registry_format == "ctis2" else ""
    elsewhere = {
        c["isoAlpha2Code"] for c in resolve(record, f"{prefix}authorizedPartI.rowCountriesInfo")
    }
    assert {c.country.code for c in trial.countries.all() if not c.is_member_state} == elsewhere
    for country in trial.countries.all():
        assert str(country.country.name) in text
    if elsewhere:
        assert "outside the European Economic Area" in text


def test_every_status_is_explained_with_what_it_means_for_taking_part(record_and_trial):
    _record, trial = record_and_trial
    summary = build_trial_summary(trial, "en")
    sections = {section.key: section for section in summary.sections}
    design, taking_part = sections["design"], sections["taking_part"]
    texts = [line.text for paragraph in design.paragraphs for line in paragraph.sentences]
    status = [
        text
        for text in texts
        if text.startswith(("The registry lists the study", "The trial's status in"))
    ]
    assert status and ":" in status[0] or "The registry lists it as" in " ".join(texts)
    first, *rest = [line.text for line in taking_part.paragraphs[0].sentences]
    assert first.startswith("The registry gives the trial's status as “")
    if trial.is_recruiting:
        assert first.endswith("it is looking for participants.")
        assert rest[0].startswith("If you would like to take part")
    elif is_by_invitation(trial):
        assert first.endswith("it is not open to everyone who would like to take part.")
        assert rest[0].startswith("You cannot ask to join this trial yourself")
    elif stage(trial) in {
        Stage.ONGOING,
        Stage.FINISHED,
        Stage.STOPPED,
        Stage.WITHDRAWN,
        Stage.NOT_RUN,
    }:
        assert first.endswith("it is not recruiting participants.")
        assert not rest
    else:
        assert "it is not" in first
        assert rest[0].startswith(
            ("It takes no", "It does not take", "You cannot ask", "Before thinking")
        ), rest


@pytest.mark.parametrize("language", LANGUAGES)
def test_typography_is_right_in_each_language(record_and_trial, language):
    _record, trial = record_and_trial
    for line in sentences_of(build_trial_summary(trial, language)):
        text = line.text
        assert ".." not in text.replace("...", ""), text
        assert not re.search(r"[“«]\s*[“«\"]|[”»\"]\s*[”»]", text), text
        assert not re.search(r"\\[\\`*_{}\[\]()#+\-.!>]", text), text
        if language == "it":
            assert not re.search(
                r"\d (Gennaio|Febbraio|Marzo|Aprile|Maggio|Giugno|Luglio|Agosto|Settembre"
                r"|Ottobre|Novembre|Dicembre)",
                text,
            ), text


def test_the_italian_page_states_the_same_facts_from_the_same_fields(record_and_trial):
    _record, trial = record_and_trial
    english = [line.sources for line in sentences_of(build_trial_summary(trial, "en"))]
    italian = [line.sources for line in sentences_of(build_trial_summary(trial, "it"))]
    assert english == italian


# Intervention pages ---------------------------------------------------------------------------


@pytest.fixture
def everything(db):
    report = import_items(iter_source_items([str(FIXTURES)]), publish=True)
    assert report.failed == 0, report.failures


def test_a_page_of_trials_where_the_intervention_is_a_placebo_says_so(everything):
    placebo = Intervention.objects.for_summary().get(slug="placebo")
    summary = build_intervention_summary(placebo, "en")
    opening = " ".join(line.text for line in summary.introduction.paragraphs[0].sentences)
    assert "It is the placebo in" in opening
    assert "investigat" not in opening
    assert "a treatment under study" not in opening


def test_a_page_of_a_comparator_in_one_trial_says_it_is_a_comparator(everything):
    misoprostol = Intervention.objects.for_summary().get(name_en="Misoprostol")
    summary = build_intervention_summary(misoprostol, "en")
    opening = summary.introduction.paragraphs[0].sentences[0].text
    assert opening.startswith("In a clinical trial for ")
    assert "Misoprostol is an active comparator" in opening
    assert "investigat" not in opening


def test_every_intervention_page_states_only_what_its_trials_records_say(everything):
    records = {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in RECORDS}
    for intervention in Intervention.objects.for_summary():
        summary = build_intervention_summary(intervention, "en")
        for line in sentences_of(summary):
            for source in line.sources:
                if source.paths and not source.absent:
                    found = [
                        v for path in source.paths for v in resolve(records[source.record], path)
                    ]
                    assert found, (intervention.slug, source, line.text)
        roles = {
            link.role
            for trial in intervention.trials.all()
            for link in trial.trial_interventions.all()
            if link.intervention_id == intervention.pk
        }
        opening = summary.introduction.paragraphs[0].sentences[0].text
        if roles and roles <= NOT_STUDIED:
            assert "investigat" not in opening, (intervention.slug, opening)


def test_figures_of_all_its_trials_say_what_the_trials_one_by_one_say(everything):
    """An intervention page that describes fewer trials than it has states the rest in figures
    from its statistics: on every real record, they say what counting its trials says."""
    call_command("refresh_statistics", stdout=io.StringIO())
    compared = 0
    for intervention in Intervention.objects.for_summary().filter(trial_count__gt=1):
        trials = list(intervention.trials.published().distinct())
        every = build_intervention_summary(
            intervention, "en", trials=intervention.featured_trials(limit=len(trials))
        )
        figures = build_intervention_summary(intervention, "en", trials=trials[:1])
        counted = [line.text for line in every.introduction.paragraphs[0].sentences]
        stated = [
            line.text
            for paragraph in figures.introduction.paragraphs
            for line in paragraph.sentences
        ]
        # The number of trials, their roles and their statuses: the same sentences.
        shared = [text for text in counted if not text.startswith(("The conditions", "This page"))]
        assert [text for text in shared if text not in stated] == [], intervention.slug
        for line in (line for p in figures.introduction.paragraphs for line in p.sentences):
            if any(source.field.startswith("Intervention.") for source in line.sources):
                assert line.cites == ()
        phases = Counter(trial.phase for trial in trials)
        for phase, count in phases.items():
            if phase == Phase.NOT_APPLICABLE:
                assert f"{count} to which no phase applies" in " ".join(stated)
            elif phase:
                assert f"{count} in {phase_label(phase)}" in " ".join(stated), intervention.slug
        starts = sorted(trial.start_date for trial in trials if trial.start_date)
        if starts and starts[0] != starts[-1]:
            assert partial_date_label(starts[0]) in " ".join(stated)
        compared += 1
    assert compared >= 2
