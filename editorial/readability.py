"""Readability of lay texts, with the measure each language's editors usually use.

English: Flesch reading ease; Italian: Gulpease index; French: Kandel & Moles; German: Flesch
(Amstad); Spanish: Fernández Huerta. On each scale higher is easier; `TARGET` is the score from
which a text counts as plain language for a general audience.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

TARGET = 60

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)|\n\s*\n")
_VOWELS = {
    "en": "aeiouy",
    "it": "aeiouàèéìíòóùú",
    "fr": "aeiouyàâäéèêëîïôöùûüÿœæ",
    "de": "aeiouyäöü",
    "es": "aeiouáéíóúü",
}
MEASURE_NAMES = {
    "en": _("Flesch reading ease"),
    "it": _("Gulpease index"),
    "fr": _("Kandel & Moles index"),
    "de": _("Flesch reading ease (Amstad)"),
    "es": _("Fernández Huerta index"),
}


@dataclass(frozen=True)
class Readability:
    language: str
    score: float
    words: int
    sentences: int

    @property
    def measure(self):
        return MEASURE_NAMES[self.language]

    @property
    def target(self):
        return TARGET

    @property
    def is_plain(self):
        return self.score >= TARGET

    @property
    def level(self):
        if self.score >= 80:
            return _("very easy")
        if self.score >= TARGET:
            return _("easy")
        if self.score >= 40:
            return _("fairly difficult")
        return _("difficult")


def syllables(word: str, language: str) -> int:
    """Vowel groups, with the usual silent final e of English and French."""
    word = word.lower()
    vowels = _VOWELS[language]
    groups = len(re.findall(f"[{vowels}]+", word))
    if language in ("en", "fr") and groups > 1 and re.search(r"[^aeiouy]e[s]?$", word):
        if not (language == "en" and re.search(r"[^aeiouy]le$", word)):
            groups -= 1
    return max(groups, 1)


def readability(text: str, language: str) -> Readability | None:
    """The score of a text, or None when there is too little text to measure."""
    if language not in _VOWELS:
        return None
    words = _WORD.findall(text or "")
    if len(words) < 5:
        return None
    sentences = max(len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]), 1)
    word_count = len(words)
    syllable_count = sum(syllables(word, language) for word in words)
    letters = sum(len(word) for word in words)
    words_per_sentence = word_count / sentences
    syllables_per_word = syllable_count / word_count
    if language == "en":
        score = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    elif language == "it":
        score = 89 + (300 * sentences - 10 * letters) / word_count
    elif language == "fr":
        score = 207 - 1.015 * words_per_sentence - 73.6 * syllables_per_word
    elif language == "de":
        score = 180 - words_per_sentence - 58.5 * syllables_per_word
    else:
        score = 206.84 - 0.60 * (100 * syllables_per_word) - 1.02 * words_per_sentence
    return Readability(language, round(max(min(score, 100), 0), 1), word_count, sentences)
