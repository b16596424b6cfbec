"""The summary builder: turns a trial's or an intervention's data into a plain `Summary`.

HTML pages and the API both render this structure; nothing else composes summary sentences.
Every sentence is a whole gettext string with named placeholders, and every value put into it
is a `Text` that knows whether it fell back to English.
"""

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from glossary.models import Term

from .models import (
    Allocation,
    CtisPublicStatus,
    EnrollmentType,
    InterventionKind,
    Masking,
    OutcomeKind,
    Phase,
    RecruitmentStatus,
    Sex,
    StudyType,
    SummarySection,
)
from .richtext import plain_text

FALLBACK_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Text:
    """A piece of text; `lang` is set only when it is not in the page's language.

    `term` is the slug of the glossary term this text is the page's first mention of.
    """

    text: str
    lang: str | None = None
    term: str | None = None

    def __str__(self):
        return self.text


@dataclass(frozen=True)
class Sentence:
    parts: tuple[Text, ...]
    cites: tuple[int, ...] = ()

    @property
    def text(self):
        return "".join(part.text for part in self.parts)

    @property
    def is_fallback(self):
        return any(part.lang for part in self.parts)

    @property
    def terms(self):
        """[(slug, offset, length)] of the glossary terms first mentioned in this sentence."""
        mentions = []
        offset = 0
        for part in self.parts:
            if part.term:
                mentions.append((part.term, offset, len(part.text)))
            offset += len(part.text)
        return mentions


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]
    trial: str | None = None


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    paragraphs: tuple[Paragraph, ...]
    edited: bool = False


@dataclass(frozen=True)
class Reference:
    number: int
    identifier: str
    registry: str
    url: str | None


@dataclass(frozen=True)
class TrialRow:
    identifier: str
    page_url: str
    title: Text
    phase: str
    conditions: tuple[Text, ...]
    status: str
    enrollment: int | None
    countries: tuple[str, ...]
    is_ongoing: bool
    reference: int


@dataclass(frozen=True)
class GlossaryEntry:
    slug: str
    term: Text
    definition: Text


@dataclass(frozen=True)
class Summary:
    language: str
    title: Text
    introduction: Section
    sections: tuple[Section, ...]
    trials: tuple[TrialRow, ...]
    references: tuple[Reference, ...]
    glossary: tuple[GlossaryEntry, ...] = field(default=())

    @property
    def ongoing_trials(self):
        return tuple(row for row in self.trials if row.is_ongoing)

    @property
    def texts(self):
        yield self.title
        for section in (self.introduction, *self.sections):
            for paragraph in section.paragraphs:
                for sentence in paragraph.sentences:
                    yield from sentence.parts
        for row in self.trials:
            yield row.title
            yield from row.conditions
        for entry in self.glossary:
            yield entry.term
            yield entry.definition

    @property
    def has_untranslated_text(self):
        return any(text.lang for text in self.texts)


def localized(obj, field_name, language):
    """The field in `language`, else in English marked as such (modeltranslation columns)."""
    value = getattr(obj, f"{field_name}_{language}", None)
    if value:
        return Text(value)
    value = getattr(obj, f"{field_name}_{FALLBACK_LANGUAGE}", None) or ""
    return Text(value, FALLBACK_LANGUAGE if value and language != FALLBACK_LANGUAGE else None)


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def compose(template, **values):
    """Fill a translated template; values may be str, int, Text or a tuple of Text parts."""
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append(Text(template[position : match.start()]))
        value = values[match.group(1)]
        if isinstance(value, Text):
            parts.append(value)
        elif isinstance(value, tuple):
            parts.extend(value)
        else:
            parts.append(Text(str(value)))
        position = match.end()
    if position < len(template):
        parts.append(Text(template[position:]))
    return _merge(parts)


def _merge(parts):
    merged = []
    for part in parts:
        if not part.text:
            continue
        if merged and merged[-1].lang == part.lang and not (merged[-1].term or part.term):
            merged[-1] = Text(merged[-1].text + part.text, part.lang)
        else:
            merged.append(part)
    return tuple(merged)


def join_list(items):
    """“A, B and C” in the active language; items are str, Text or tuples of Text parts."""
    phrases = [
        item if isinstance(item, tuple) else (item if isinstance(item, Text) else Text(str(item)),)
        for item in items
    ]
    phrases = [phrase for phrase in phrases if any(part.text for part in phrase)]
    if len(phrases) <= 1:
        return phrases[0] if phrases else ()
    head = []
    for index, phrase in enumerate(phrases[:-1]):
        if index:
            head.append(Text(_(", ")))
        head.extend(phrase)
    return compose(_("%(items)s and %(last)s"), items=tuple(head), last=phrases[-1])


def sentence(template, cites=(), **values):
    return Sentence(compose(template, **values), tuple(cites))


def sort_key(name):
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def country_names(sites):
    return tuple(sorted({str(site.country.name) for site in sites}, key=sort_key))


def sites_by_country(sites):
    """[(country name in the active language, [sites])], sorted by that name."""
    groups = {}
    for site in sites:
        groups.setdefault(str(site.country.name), []).append(site)
    return sorted(groups.items(), key=lambda item: sort_key(item[0]))


_AGE_UNITS = {
    "year": lambda n: ngettext("%(count)d year", "%(count)d years", n),
    "month": lambda n: ngettext("%(count)d month", "%(count)d months", n),
    "week": lambda n: ngettext("%(count)d week", "%(count)d weeks", n),
    "day": lambda n: ngettext("%(count)d day", "%(count)d days", n),
    "hour": lambda n: ngettext("%(count)d hour", "%(count)d hours", n),
    "minute": lambda n: ngettext("%(count)d minute", "%(count)d minutes", n),
}


def age_label(registry_age):
    """“18 Years” as the active language writes it (“18 anni”)."""
    number, _space, unit = registry_age.partition(" ")
    unit = unit.lower().rstrip("s")
    if not number.isdigit() or unit not in _AGE_UNITS:
        return registry_age
    count = int(number)
    return _AGE_UNITS[unit](count) % {"count": count}


def partial_date_label(value):
    """“2023-05” as “May 2023”, “2023” as “2023”, a full date in the language's format."""
    pieces = [int(p) for p in value.split("-")]
    if len(pieces) == 3:
        return date_format(date(*pieces), "DATE_FORMAT")
    if len(pieces) == 2:
        return date_format(date(pieces[0], pieces[1], 1), "YEAR_MONTH_FORMAT")
    return str(pieces[0])


def phase_label(phase):
    return str(Phase(phase).label) if phase else _("Not given")


def status_label(status):
    return str(RecruitmentStatus(status).label)


PHASE_SENTENCES = {
    Phase.EARLY_PHASE1: lambda: _(
        "It is an Early Phase 1 trial, which usually means a very small first test of the "
        "treatment in people."
    ),
    Phase.PHASE1: lambda: _(
        "It is a Phase 1 trial, which usually means the treatment is tested for the first time "
        "in a small group of people, to check its safety and find the right dose."
    ),
    Phase.PHASE1_PHASE2: lambda: _(
        "It is a Phase 1/2 trial, which combines a first safety test of the treatment with a "
        "first look at whether it works."
    ),
    Phase.PHASE2: lambda: _(
        "It is a Phase 2 trial, which usually means the treatment is tested in a larger group "
        "to see whether it works and to check its safety further."
    ),
    Phase.PHASE2_PHASE3: lambda: _(
        "It is a Phase 2/3 trial, which first checks whether the treatment works and then, in a "
        "larger group, how well it works."
    ),
    Phase.PHASE3: lambda: _(
        "It is a Phase 3 trial, which usually means the treatment is being tested in a larger "
        "group to see how well it works in real patients."
    ),
    Phase.PHASE4: lambda: _(
        "It is a Phase 4 trial, which usually means the treatment is already approved and is "
        "studied further in everyday use."
    ),
    Phase.NOT_APPLICABLE: lambda: _(
        "The registry gives the trial no phase, which is usual for studies that do not test a "
        "medicine, such as studies of devices, procedures or behaviour."
    ),
}

STUDY_TYPE_SENTENCES = {
    StudyType.INTERVENTIONAL: lambda: _(
        "This is an interventional study, which means the researchers give a treatment and then "
        "measure the result."
    ),
    StudyType.OBSERVATIONAL: lambda: _(
        "This is an observational study, which means the researchers observe people and measure "
        "results without assigning a treatment."
    ),
    StudyType.EXPANDED_ACCESS: lambda: _(
        "This is an expanded access programme, which means a treatment still under study is made "
        "available to patients outside a clinical trial."
    ),
}

ALLOCATION_SENTENCES = {
    Allocation.SINGLE_ARM: lambda: _(
        "The trial is single-arm, so all enrolled patients receive the study treatment rather "
        "than being split into different treatment groups."
    ),
    Allocation.RANDOMISED: lambda: _(
        "The trial is randomised: participants are put into treatment groups by chance, so that "
        "the groups can be compared fairly."
    ),
    Allocation.NON_RANDOMISED: lambda: _(
        "Participants are put into treatment groups, but not by chance (the trial is not "
        "randomised)."
    ),
}

MASKING_SENTENCES = {
    Masking.NONE: lambda: _(
        "The study is open-label: participants and researchers know which treatment is given."
    ),
    Masking.SINGLE: lambda: _(
        "The study is single-blind: one group of the people involved, often the participants, "
        "does not know who receives which treatment."
    ),
    Masking.DOUBLE: lambda: _(
        "The study is double-blind: two groups of the people involved, often the participants "
        "and the researchers, do not know who receives which treatment."
    ),
    Masking.TRIPLE: lambda: _(
        "The study is triple-blind: three groups of the people involved, such as the "
        "participants, the researchers and those who assess the results, do not know who "
        "receives which treatment."
    ),
    Masking.QUADRUPLE: lambda: _(
        "The study is quadruple-blind: the participants, their care providers, the researchers and "
        "those who assess the results do not know who receives which treatment."
    ),
}

SEX_SENTENCES = {
    Sex.ALL: lambda: _("Both women and men can take part."),
    Sex.FEMALE: lambda: _("Only women can take part."),
    Sex.MALE: lambda: _("Only men can take part."),
}


class _Builder:
    """Builds one summary in one language; call inside `translation.override(language)`."""

    def __init__(self, *, language, trials, intervention=None, section_texts=()):
        self.language = language
        self.trials = list(trials)
        self.intervention = intervention
        self.section_texts = {text.section: text for text in section_texts}
        self.references = tuple(
            Reference(
                number=index,
                identifier=trial.primary_identifier,
                registry=str(trial.registry_identifier.registry.name),
                url=trial.registry_url,
            )
            for index, trial in enumerate(self.trials, start=1)
        )
        self.cite = {
            trial.pk: (reference.number,)
            for trial, reference in zip(self.trials, self.references, strict=True)
        }
        self.all_cites = tuple(reference.number for reference in self.references)

    def text(self, obj, field_name):
        return localized(obj, field_name, self.language)

    def plain_text(self, obj, field_name):
        """A rich-text field's words, without its markup, to stand inside the summary."""
        text = self.text(obj, field_name)
        return Text(plain_text(text.text), text.lang)

    # Sections -----------------------------------------------------------------------------

    def section(self, key, paragraphs):
        heading = str(SummarySection(key).label)
        override = self.section_texts.get(key)
        if override is not None:
            edited = getattr(override, f"text_{self.language}", "") or ""
            if edited.strip():
                return Section(key, heading, self.parse_editor_text(edited), edited=True)
        return Section(key, heading, tuple(p for p in paragraphs if p.sentences))

    def parse_editor_text(self, text):
        paragraphs = []
        for block in re.split(r"\n\s*\n", text.strip()):
            sentences = []
            for chunk in re.split(r"(?<=[.!?\]])\s+", " ".join(block.split())):
                match = re.search(r"((?:\s*\[\d+\])+)\s*$", chunk)
                cites = ()
                if match:
                    numbers = tuple(int(n) for n in re.findall(r"\d+", match.group(1)))
                    if all(1 <= n <= len(self.references) for n in numbers):
                        cites = numbers
                        chunk = chunk[: match.start()].rstrip()
                if chunk:
                    sentences.append(Sentence((Text(chunk),), cites))
            paragraphs.append(Paragraph(tuple(sentences)))
        return tuple(paragraphs)

    def per_trial(self, make_sentences):
        label_trials = len(self.trials) > 1
        return [
            Paragraph(
                tuple(s for s in make_sentences(trial) if s is not None),
                trial.primary_identifier if label_trials else None,
            )
            for trial in self.trials
        ]

    # Shared phrases -----------------------------------------------------------------------

    def condition_names(self, trial):
        return join_list([self.text(c, "name") for c in trial.conditions.all()])

    def intervention_phrase(self, link):
        name = self.text(link.intervention, "name")
        usage = self.text(link, "usage")
        if usage.text:
            return compose(_("%(name)s (%(usage)s)"), name=name, usage=usage)
        return (name,)

    def page_links(self, trial):
        """The trial's interventions that this page is about (all of them on a trial page)."""
        links = trial.trial_interventions.all()
        if self.intervention is None:
            return list(links)
        return [link for link in links if link.intervention_id == self.intervention.pk]

    def intervention_names(self, trial):
        return join_list([self.intervention_phrase(link) for link in self.page_links(trial)])

    def trial_title(self, trial):
        title = self.text(trial, "public_title")
        return title if title.text else self.text(trial, "official_title")

    # The page -----------------------------------------------------------------------------

    def title(self):
        if self.intervention is not None:
            return self.text(self.intervention, "name")
        title = self.trial_title(self.trials[0])
        return title if title.text else Text(self.trials[0].primary_identifier)

    def introduction(self):
        conditions = join_list(
            {c.pk: self.text(c, "name") for t in self.trials for c in t.conditions.all()}.values()
        )
        sentences = []
        if self.intervention is not None:
            name = self.text(self.intervention, "name")
            if not self.trials:
                sentences.append(
                    sentence(
                        _("No clinical trial of %(intervention)s is listed yet."), intervention=name
                    )
                )
            elif conditions:
                template = ngettext(
                    "A clinical trial is investigating %(intervention)s for %(conditions)s.",
                    "Clinical trials are investigating %(intervention)s for %(conditions)s.",
                    len(self.trials),
                )
                sentences.append(
                    sentence(template, self.all_cites, intervention=name, conditions=conditions)
                )
            else:
                template = ngettext(
                    "A clinical trial is investigating %(intervention)s.",
                    "Clinical trials are investigating %(intervention)s.",
                    len(self.trials),
                )
                sentences.append(sentence(template, self.all_cites, intervention=name))
            description = self.plain_text(self.intervention, "description")
            if description.text:
                sentences.append(Sentence((description,)))
        else:
            trial = self.trials[0]
            interventions = self.intervention_names(trial)
            if interventions and conditions:
                sentences.append(
                    sentence(
                        _(
                            "This clinical trial is investigating %(interventions)s "
                            "for %(conditions)s."
                        ),
                        self.all_cites,
                        interventions=interventions,
                        conditions=conditions,
                    )
                )
            elif conditions:
                sentences.append(
                    sentence(
                        _("This clinical study is about %(conditions)s."),
                        self.all_cites,
                        conditions=conditions,
                    )
                )
        sentences.append(
            sentence(
                _(
                    "This page explains in plain words what the trial registries say; the "
                    "numbers in brackets link to the registry records it is based on."
                )
            )
        )
        return self.section(SummarySection.INTRODUCTION, [Paragraph(tuple(sentences))])

    def overview(self):
        paragraphs = []
        if len(self.trials) > 1 and self.intervention is not None:
            paragraphs.append(
                Paragraph(
                    (
                        sentence(
                            ngettext(
                                "This page covers %(count)s clinical trial of %(intervention)s.",
                                "This page covers %(count)s clinical trials of %(intervention)s.",
                                len(self.trials),
                            ),
                            self.all_cites,
                            count=len(self.trials),
                            intervention=self.text(self.intervention, "name"),
                        ),
                    )
                )
            )

        def sentences(trial):
            cites = self.cite[trial.pk]
            title = self.trial_title(trial)
            if title.text:
                # Registry titles often end in a full stop, which the sentence brings itself.
                title = replace(title, text=title.text.rstrip(" ."))
                yield sentence(_("The study is called “%(title)s”."), cites, title=title)
            interventions = self.intervention_names(trial)
            conditions = self.condition_names(trial)
            if interventions and conditions:
                yield sentence(
                    _("It involves %(interventions)s in people with %(conditions)s."),
                    cites,
                    interventions=interventions,
                    conditions=conditions,
                )
            elif conditions:
                yield sentence(
                    _("It involves people with %(conditions)s."), cites, conditions=conditions
                )
            sites = trial.sites.all()
            countries = join_list(country_names(sites))
            if len(sites) > 1:
                yield sentence(
                    _(
                        "The study is run at %(count)s sites in %(countries)s, so it is a "
                        "multi-centre study."
                    ),
                    cites,
                    count=len(sites),
                    countries=countries,
                )
            elif len(sites) == 1:
                yield sentence(
                    _("The study is run at one site, in %(country)s."), cites, country=countries
                )
            else:
                yield sentence(_("The registry record lists no study sites."), cites)

        paragraphs.extend(self.per_trial(sentences))
        return self.section(SummarySection.OVERVIEW, paragraphs)

    def population(self):
        explained = set()

        def sentences(trial):
            cites = self.cite[trial.pk]
            conditions = self.condition_names(trial)
            if conditions:
                yield sentence(
                    _("The study is for people with %(conditions)s."), cites, conditions=conditions
                )
            for condition in trial.conditions.all():
                explanation = self.plain_text(condition, "explanation")
                if explanation.text and condition.pk not in explained:
                    explained.add(condition.pk)
                    yield Sentence((explanation,))
            minimum = age_label(trial.minimum_age) if trial.minimum_age else ""
            maximum = age_label(trial.maximum_age) if trial.maximum_age else ""
            if minimum and maximum:
                yield sentence(
                    _("Participants must be aged between %(minimum)s and %(maximum)s."),
                    cites,
                    minimum=minimum,
                    maximum=maximum,
                )
            elif minimum:
                yield sentence(
                    _("Participants must be aged %(minimum)s or older."), cites, minimum=minimum
                )
            elif maximum:
                yield sentence(
                    _("Participants must be aged %(maximum)s or younger."), cites, maximum=maximum
                )
            if trial.sex:
                yield sentence(SEX_SENTENCES[trial.sex](), cites)
            if not (minimum or maximum or trial.sex):
                yield sentence(
                    _("The registry record does not list age or sex requirements."), cites
                )
            elif not (minimum or maximum):
                yield sentence(_("The registry record does not list an age limit."), cites)
            elif not trial.sex:
                yield sentence(
                    _(
                        "The registry record does not say whether the study is open to women, "
                        "men or both."
                    ),
                    cites,
                )
            if trial.healthy_volunteers is True:
                yield sentence(_("Healthy volunteers can take part."), cites)
            elif trial.healthy_volunteers is False:
                yield sentence(_("Healthy volunteers cannot take part."), cites)
            if (
                self.text(trial, "inclusion_criteria").text
                or self.text(trial, "exclusion_criteria").text
            ):
                yield sentence(
                    _(
                        "The registry lists detailed inclusion and exclusion criteria, shown in "
                        "full on the trial's page."
                    ),
                    cites,
                )

        return self.section(SummarySection.POPULATION, self.per_trial(sentences))

    def design(self):
        def sentences(trial):
            cites = self.cite[trial.pk]
            if trial.study_type:
                yield sentence(STUDY_TYPE_SENTENCES[trial.study_type](), cites)
            if trial.phase:
                yield sentence(PHASE_SENTENCES[trial.phase](), cites)
            if trial.allocation:
                yield sentence(ALLOCATION_SENTENCES[trial.allocation](), cites)
            if trial.masking:
                yield sentence(MASKING_SENTENCES[trial.masking](), cites)
            yield sentence(
                _("The registry lists the trial as “%(status)s”."),
                cites,
                status=str(trial.registry_status_label)
                if trial.registry_status_code
                else status_label(trial.status),
            )
            yield from self.country_decisions(trial, cites)
            if trial.enrollment is not None:
                count = trial.enrollment
                if trial.enrollment_type == EnrollmentType.ACTUAL:
                    template = ngettext(
                        "The actual enrollment was %(count)s participant.",
                        "The actual enrollment was %(count)s participants.",
                        count,
                    )
                elif trial.enrollment_type == EnrollmentType.PLANNED:
                    template = ngettext(
                        "The planned enrollment is %(count)s participant.",
                        "The planned enrollment is %(count)s participants.",
                        count,
                    )
                else:
                    template = ngettext(
                        "The enrollment is %(count)s participant.",
                        "The enrollment is %(count)s participants.",
                        count,
                    )
                yield sentence(template, cites, count=count)

        return self.section(SummarySection.DESIGN, self.per_trial(sentences))

    def country_decisions(self, trial, cites):
        """One sentence per group of countries that took the same decision (CTIS)."""
        groups = {}
        for decision in trial.countries.all():
            key = (decision.authorisation.strip(), decision.status_code)
            groups.setdefault(key, []).append(decision)
        for (words, status_code), decisions in groups.items():
            if not words:
                continue
            countries = join_list(country_names(decisions))
            label = decisions[0].authorisation_label
            authorisation = Text(str(label)) if label else Text(words, FALLBACK_LANGUAGE)
            if status_code:
                yield sentence(
                    _(
                        "In %(countries)s the trial is %(authorisation)s, and its status there is "
                        "“%(status)s”."
                    ),
                    cites,
                    countries=countries,
                    authorisation=authorisation,
                    status=str(CtisPublicStatus(status_code).label),
                )
            else:
                yield sentence(
                    _("In %(countries)s the trial is %(authorisation)s."),
                    cites,
                    countries=countries,
                    authorisation=authorisation,
                )

    def outcomes(self):
        def sentences(trial):
            cites = self.cite[trial.pk]
            outcomes = list(trial.outcomes.all())
            primary = [o for o in outcomes if o.kind == OutcomeKind.PRIMARY]
            secondary = [o for o in outcomes if o.kind == OutcomeKind.SECONDARY]
            if len(primary) == 1:
                yield sentence(
                    _(
                        "The primary outcome, the main result the study is designed to measure, "
                        "is: %(measure)s."
                    ),
                    cites,
                    measure=self.text(primary[0], "measure"),
                )
            elif primary:
                yield sentence(
                    _(
                        "The study has %(count)s primary outcomes, the main results it is designed "
                        "to measure."
                    ),
                    cites,
                    count=len(primary),
                )
                for outcome in primary:
                    yield sentence(_("%(measure)s."), cites, measure=self.text(outcome, "measure"))
            for outcome in primary:
                time_frame = self.text(outcome, "time_frame")
                description = self.text(outcome, "description")
                if len(primary) == 1 and time_frame.text:
                    yield sentence(
                        _("It is measured over this time frame: %(time_frame)s."),
                        cites,
                        time_frame=time_frame,
                    )
                if len(primary) == 1 and description.text:
                    yield sentence(
                        _("The registry describes it as follows: %(description)s"),
                        cites,
                        description=description,
                    )
            if secondary:
                yield sentence(
                    ngettext(
                        "The study also measures %(count)s secondary outcome.",
                        "The study also measures %(count)s secondary outcomes.",
                        len(secondary),
                    ),
                    cites,
                    count=len(secondary),
                )
            if not outcomes:
                yield sentence(_("The registry record lists no outcome measures."), cites)

        return self.section(SummarySection.OUTCOMES, self.per_trial(sentences))

    def details(self):
        def sentences(trial):
            cites = self.cite[trial.pk]
            for link in self.page_links(trial):
                intervention = link.intervention
                phrase = self.intervention_phrase(link)
                if intervention.other_names:
                    yield sentence(
                        _("The trial uses %(intervention)s, also listed as %(other_names)s."),
                        cites,
                        intervention=phrase,
                        other_names=join_list(intervention.other_names),
                    )
                else:
                    yield sentence(
                        _("The trial uses %(intervention)s."), cites, intervention=phrase
                    )
                if intervention.kind:
                    yield sentence(
                        _("Type of treatment: %(kind)s."),
                        cites,
                        kind=str(InterventionKind(intervention.kind).label),
                    )
                route = self.text(intervention, "route")
                if route.text:
                    yield sentence(_("Route of administration: %(route)s."), cites, route=route)
            if trial.sponsor:
                yield sentence(
                    _("The sponsor of the study is %(sponsor)s."), cites, sponsor=trial.sponsor
                )
            if trial.start_date:
                yield sentence(
                    _("The start date given in the registry is %(date)s."),
                    cites,
                    date=partial_date_label(trial.start_date),
                )
            if trial.completion_date:
                yield sentence(
                    _("The completion date given in the registry is %(date)s."),
                    cites,
                    date=partial_date_label(trial.completion_date),
                )
            others = [i.value for i in trial.identifiers.all()]
            if others:
                yield sentence(
                    _("The study is also registered under %(identifiers)s."),
                    cites,
                    identifiers=join_list(others),
                )
            if trial.last_update:
                yield sentence(
                    _("The registry record was last updated on %(date)s."),
                    cites,
                    date=date_format(trial.last_update, "DATE_FORMAT"),
                )

        paragraphs = self.per_trial(sentences)
        if len(self.trials) == 1 and self.intervention is not None:
            paragraphs.append(
                Paragraph(
                    (
                        sentence(
                            _(
                                "Because the registries list only one trial of %(intervention)s, "
                                "this summary is limited to that single study."
                            ),
                            self.all_cites,
                            intervention=self.text(self.intervention, "name"),
                        ),
                    )
                )
            )
        return self.section(SummarySection.DETAILS, paragraphs)

    def trial_rows(self):
        return tuple(
            TrialRow(
                identifier=trial.primary_identifier,
                page_url=reverse("trial_detail", kwargs={"identifier": trial.primary_identifier}),
                title=self.trial_title(trial),
                phase=phase_label(trial.phase),
                conditions=tuple(self.text(c, "name") for c in trial.conditions.all()),
                status=status_label(trial.status),
                enrollment=trial.enrollment,
                countries=country_names(trial.sites.all()),
                is_ongoing=trial.is_ongoing,
                reference=reference.number,
            )
            for trial, reference in zip(self.trials, self.references, strict=True)
        )

    def spellings(self, term):
        return term.spellings(self.language) or term.spellings(FALLBACK_LANGUAGE)

    def used_terms(self, sections, terms):
        """The terms the page's text mentions, in the order of their first mention."""
        page_text = " ".join(
            line.text
            for section in sections
            for paragraph in section.paragraphs
            for line in paragraph.sentences
        )
        found = []
        for term in terms:
            matches = [
                match
                for spelling in self.spellings(term)
                for match in [re.search(_whole_word(spelling), page_text, re.I)]
                if match
            ]
            if matches:
                first = min(matches, key=lambda match: (match.start(), -len(match.group())))
                found.append((first.start(), -len(first.group()), term))
        found.sort(key=lambda item: item[:2])
        return tuple(term for _start, _length, term in found)

    def link_first_mentions(self, sections, terms):
        """Mark the first mention of each term (in page order) as a `Text` with its `term`.

        A mention must lie within one part that is not already a mention: never a link in a
        link, never half in a placeholder's value and half in the sentence around it.
        """
        lines = [
            [list(paragraph.sentences) for paragraph in section.paragraphs] for section in sections
        ]
        for term in terms:
            pattern = re.compile(
                "|".join(
                    _whole_word(spelling)
                    for spelling in sorted(self.spellings(term), key=len, reverse=True)
                ),
                re.I,
            )
            _mark_first(lines, pattern, term.slug)
        return tuple(
            replace(
                section,
                paragraphs=tuple(
                    replace(paragraph, sentences=tuple(new_sentences))
                    for paragraph, new_sentences in zip(section.paragraphs, paragraphs, strict=True)
                ),
            )
            for section, paragraphs in zip(sections, lines, strict=True)
        )

    def build(self, terms):
        introduction = self.introduction()
        sections = (
            self.overview(),
            self.population(),
            self.design(),
            self.outcomes(),
            self.details(),
        )
        used = self.used_terms((introduction, *sections), terms)
        introduction, *sections = self.link_first_mentions((introduction, *sections), used)
        return Summary(
            language=self.language,
            title=self.title(),
            introduction=introduction,
            sections=tuple(sections),
            trials=self.trial_rows(),
            references=self.references,
            glossary=tuple(
                GlossaryEntry(
                    slug=term.slug,
                    term=self.text(term, "term"),
                    definition=self.plain_text(term, "definition"),
                )
                for term in used
            ),
        )


def _whole_word(spelling):
    return rf"(?<!\w){re.escape(spelling)}(?!\w)"


def _mark_first(lines, pattern, slug):
    """Split the first part that mentions `pattern` around the mention (lines change in place)."""
    for paragraphs in lines:
        for sentences in paragraphs:
            for index, line in enumerate(sentences):
                text = line.text
                offset = 0
                bounds = []
                for part in line.parts:
                    bounds.append((offset, offset + len(part.text), part))
                    offset += len(part.text)
                for match in pattern.finditer(text):
                    for number, (start, end, part) in enumerate(bounds):
                        if part.term or not (start <= match.start() and match.end() <= end):
                            continue
                        local = slice(match.start() - start, match.end() - start)
                        pieces = (
                            Text(part.text[: local.start], part.lang),
                            Text(part.text[local], part.lang, slug),
                            Text(part.text[local.stop :], part.lang),
                        )
                        parts = (
                            *line.parts[:number],
                            *(piece for piece in pieces if piece.text),
                            *line.parts[number + 1 :],
                        )
                        sentences[index] = replace(line, parts=parts)
                        return


def _build(language, terms, **kwargs):
    with translation.override(language):
        return _Builder(language=language, **kwargs).build(
            Term.objects.published() if terms is None else terms
        )


def build_intervention_summary(intervention, language, terms=None):
    """The summary page of an intervention: all its trials (fetch it with `for_summary()`)."""
    return _build(
        language,
        terms,
        trials=intervention.trials.all(),
        intervention=intervention,
        section_texts=intervention.section_texts.all(),
    )


def build_trial_summary(trial, language, terms=None):
    """The summary of one trial (fetch it with `Trial.objects.for_summary()`)."""
    return _build(language, terms, trials=[trial], section_texts=trial.section_texts.all())
