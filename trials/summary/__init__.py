"""The one summary builder (see `builder`): the pages and the API render what it returns."""

from .builder import build_intervention_summary, build_trial_summary
from .types import GlossaryEntry, Paragraph, Reference, Section, Sentence, Summary, Text, TrialRow

__all__ = [
    "GlossaryEntry",
    "Paragraph",
    "Reference",
    "Section",
    "Sentence",
    "Summary",
    "Text",
    "TrialRow",
    "build_intervention_summary",
    "build_trial_summary",
]
