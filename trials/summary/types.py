"""The summary as plain data: sections of paragraphs of sentences, with their citations and
the sources they state. Templates and serializers walk it; nothing here knows HTML."""

from dataclasses import dataclass, field

from trials.labels import Text
from trials.provenance import Source

__all__ = [
    "Source",
    "Bar",
    "Chart",
    "GlossaryEntry",
    "Paragraph",
    "Reference",
    "Section",
    "Sentence",
    "Summary",
    "Text",
    "TrialRow",
]


@dataclass(frozen=True)
class Sentence:
    """A sentence of the summary: its parts, the references it cites, and the sources of the
    facts it states (none for sentences that explain words or come from editors)."""

    parts: tuple[Text, ...]
    cites: tuple[int, ...] = ()
    sources: tuple[Source, ...] = ()
    # One item of a list: the paragraph it is in is shown as a list.
    list_item: bool = False

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

    @property
    def links(self):
        """[(href, offset, length)] of the parts that link elsewhere."""
        found = []
        offset = 0
        for part in self.parts:
            if part.href:
                found.append((part.href, offset, len(part.text)))
            offset += len(part.text)
        return found


@dataclass(frozen=True)
class Bar:
    """One group of a chart: its label, the length of its bar (from 0, negative to the left),
    and the cells of its row in the chart's data table, after the label."""

    label: Text
    value: float
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Chart:
    """A bar chart of the numbers its paragraph states, with the table of them it stands for."""

    title: Text
    columns: tuple[str | Text, ...]  # the headings of the data table, the group's first
    bars: tuple[Bar, ...]
    unit: str = ""
    # The end of the axis whatever the bars (100 for percentages), if any.
    maximum: float | None = None

    @property
    def scale(self):
        """The lowest and highest value the axis shows: 0, the bars' extremes, the maximum."""
        values = [bar.value for bar in self.bars]
        return min(0.0, *values), max(0.0, *values, self.maximum or 0.0)


@dataclass(frozen=True)
class Paragraph:
    sentences: tuple[Sentence, ...]
    trial: str | None = None
    chart: Chart | None = None

    @property
    def is_list(self):
        return bool(self.sentences) and all(s.list_item for s in self.sentences)


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
    has_results: bool = False


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
