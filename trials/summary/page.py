"""What every section of one summary page shares: its language, its trials and their
citations, the editors' section texts, and the phrases several sections use."""

import re

from django.utils.translation import gettext as _

from trials.labels import localized, trial_title
from trials.models import InterventionRole, SummarySection
from trials.provenance import sources_of
from trials.richtext import markdown_plain_text, plain_text

from .phrases import compose, join_list
from .types import Chart, Paragraph, Reference, Section, Sentence, Text

# Yielded between two sentences of a trial that belong to different paragraphs.
PARAGRAPH_BREAK = object()


class Page:
    """One summary in one language; build it inside `translation.override(language)`."""

    def __init__(
        self,
        *,
        language,
        trials,
        intervention=None,
        section_texts=(),
        related_conditions=None,
        similar_trials=(),
        trials_with_results=(),
        trials_with_results_count=0,
    ):
        self.language = language
        # Recruiting trials of the conditions of a trial page's trial, when it recruits no one.
        self.similar_trials = list(similar_trials)
        self.trials = list(trials)
        # An intervention's trials that have posted results (the latest few, read as for a
        # summary), and how many it has: their findings are cited after the trials described.
        self.trials_with_results = list(trials_with_results)
        self.trials_with_results_count = trials_with_results_count
        self.intervention = intervention
        # {pk: Condition} of the conditions its statistics name (pages of an intervention).
        self.related_conditions = related_conditions or {}
        self.section_texts = {text.section: text for text in section_texts}
        cited = list(self.trials)
        cited += [
            trial
            for trial in self.trials_with_results
            if trial.pk not in {described.pk for described in self.trials}
        ]
        self.references = tuple(
            Reference(
                number=index,
                identifier=trial.primary_identifier,
                registry=str(trial.registry_identifier.registry.name),
                url=trial.registry_url,
            )
            for index, trial in enumerate(cited, start=1)
        )
        self.cite = {
            trial.pk: (reference.number,)
            for trial, reference in zip(cited, self.references, strict=True)
        }
        # The references of the trials the page describes (those of other findings follow).
        self.trial_references = self.references[: len(self.trials)]
        self.all_cites = tuple(reference.number for reference in self.trial_references)

    def text(self, obj, field_name):
        return localized(obj, field_name, self.language)

    def plain_text(self, obj, field_name):
        """A rich-text field's words, without its markup, to stand inside the summary."""
        text = self.text(obj, field_name)
        return Text(plain_text(text.text), text.lang)

    def registry_text(self, obj, field_name):
        """A registry text (CommonMark) as plain words, to stand inside the summary."""
        text = self.text(obj, field_name)
        return Text(markdown_plain_text(text.text), text.lang)

    def trial_title(self, trial):
        return trial_title(trial, self.language)

    @staticmethod
    def sources(trial, *fields):
        """The `Source`s of these fields of the trial (`Trial.enrollment`, `Arm.label`...)."""
        return sources_of(trial, fields)

    @staticmethod
    def absent(trial, *fields):
        """The sources of a sentence saying that the registry does not give these fields."""
        return sources_of(trial, fields, absent=True)

    @property
    def is_trial_page(self):
        return self.intervention is None

    # Sections -----------------------------------------------------------------------------

    def section(self, key, paragraphs, heading=None):
        """The section with these paragraphs, unless an editor wrote its text in this language;
        its heading is the section's own unless another is given."""
        heading = str(heading or SummarySection(key).label)
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
        """Each trial's paragraphs (`make_sentences` yields `PARAGRAPH_BREAK` between two, and
        a `Chart` within the paragraph it draws), labelled with the trial on pages of several."""
        label_trials = len(self.trials) > 1
        paragraphs = []
        for trial in self.trials:
            label = trial.primary_identifier if label_trials else None
            current, chart = [], None
            for line in [*make_sentences(trial), PARAGRAPH_BREAK]:
                if line is PARAGRAPH_BREAK:
                    if current:
                        paragraphs.append(Paragraph(tuple(current), label, chart))
                    current, chart = [], None
                elif isinstance(line, Chart):
                    chart = line
                elif line is not None:
                    current.append(line)
        return paragraphs

    # Phrases several sections use ---------------------------------------------------------

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

    def intervention_names(self, trial, links=None):
        links = self.page_links(trial) if links is None else links
        return join_list([self.intervention_phrase(link) for link in links])

    @staticmethod
    def studied_links(trial):
        """The interventions the trial studies: those its record gives to the groups under
        study, else those whose role it does not type, unless each goes to a different group
        (then the groups are compared); never a comparator, placebo or sham, nor what is given
        in the compared groups only."""
        links = list(trial.trial_interventions.all())
        experimental = [link for link in links if link.role == InterventionRole.EXPERIMENTAL]
        if experimental:
            return experimental
        several = [link for link in links if link.role == InterventionRole.SEVERAL]
        untyped = [link for link in links if link.role == ""]
        if untyped and given_to_different_groups(trial, untyped):
            untyped = []
        return [link for link in links if link in several or link in untyped]

    @staticmethod
    def compared_links(trial):
        """What the compared groups receive, where no intervention is under study: the active
        comparators, what every compared group receives, and untyped interventions each given
        to a different group."""
        links = list(trial.trial_interventions.all())
        untyped = [link for link in links if link.role == ""]
        if not given_to_different_groups(trial, untyped):
            untyped = []
        return [
            link
            for link in links
            if link.role in (InterventionRole.ACTIVE_COMPARATOR, InterventionRole.COMPARED)
            or link in untyped
        ]


def given_to_different_groups(trial, links):
    """Whether these interventions go to groups (arms) that do not all receive the same ones:
    the record then compares groups given different interventions."""
    received = {
        frozenset(link.pk for link in arm.interventions.all() if link in links)
        for arm in trial.arms.all()
    }
    received.discard(frozenset())
    return len(received) > 1
