"""Glossary links: the first mention of each glossary term on a page is marked, in page order,
so that the page can link it to the term and show its definition.

A mention is a whole match of the term or of one of its aliases, in the singular or the
plural and, in languages that inflect them, in other forms of its words (“primary outcomes”,
«esiti primari», « critères principaux », „primäre Endpunkte“). Names (a status, a title, a
group's label) are never searched: «In arruolamento» is a status, not a mention of
*arruolamento*.
"""

import re
from dataclasses import replace

from config.languages import DEFAULT_LANGUAGE

from .types import Text

_WORD = re.compile(r"[^\W\d_]+")


def spellings(page, term):
    return term.spellings(page.language) or term.spellings(DEFAULT_LANGUAGE)


def _english_forms(word, last):
    if not last:
        return re.escape(word)
    if re.search(r"[^aeiou]y$", word, re.I):
        return f"{re.escape(word[:-1])}(?:y|ies)"
    if re.search(r"(?:s|x|z|ch|sh)$", word, re.I):
        return f"{re.escape(word)}(?:es)?"
    return f"{re.escape(word)}s?"


def _italian_forms(word, last):
    if re.search(r"io$", word, re.I):  # primario, primari
        return f"{re.escape(word[:-1])}o?"
    if re.search(r"[aeio]$", word, re.I):  # esito/esiti, osso/ossa, fase/fasi, lunga/lunghe
        stem = word[:-1]
        hard = "h?" if re.search(r"[cg]$", stem, re.I) else ""
        return f"{re.escape(stem)}{hard}[aeio]"
    return re.escape(word)


def _french_forms(word, last):
    if re.search(r"al$", word, re.I):  # principal, principaux
        return f"{re.escape(word[:-1])}(?:l|ux)(?:e?s?)"
    if re.search(r"eau$", word, re.I):
        return f"{re.escape(word)}x?"
    if re.search(r"[sxz]$", word, re.I):
        return re.escape(word)
    return f"{re.escape(word)}(?:e?s?)"


def _spanish_forms(word, last):
    if re.search(r"ón$", word, re.I):  # inyección, inyecciones
        return f"{re.escape(word[:-2])}(?:ón|ones)"
    if re.search(r"[aeiouáéíóú]$", word, re.I):
        return f"{re.escape(word)}s?"
    return f"{re.escape(word)}(?:es)?"


_GERMAN_ENDINGS = r"(?:e|en|er|es|em|n|s)"


def _german_forms(word, last):
    """The word's stem (primär, of primärer) with any declension or plural ending."""
    stem = re.sub(rf"{_GERMAN_ENDINGS}$", "", word) if len(word) > 5 else word
    return f"{re.escape(stem)}{_GERMAN_ENDINGS}?"


FORMS = {
    "en": _english_forms,
    "it": _italian_forms,
    "fr": _french_forms,
    "es": _spanish_forms,
    "de": _german_forms,
}


def mention_pattern(spelling, language):
    """A regular expression for the whole-word mentions of a spelling in a language."""
    forms = FORMS.get(language, FORMS[DEFAULT_LANGUAGE])
    words = list(_WORD.finditer(spelling))
    pieces, position = [], 0
    for index, match in enumerate(words):
        pieces.append(re.escape(spelling[position : match.start()]))
        pieces.append(forms(match.group(), index == len(words) - 1))
        position = match.end()
    pieces.append(re.escape(spelling[position:]))
    body = "".join(pieces).replace(r"\ ", r"\s+")
    return rf"(?<!\w){body}(?!\w)"


def _term_pattern(page, term):
    languages = [page.language] if term.spellings(page.language) else [DEFAULT_LANGUAGE]
    patterns = sorted(
        {mention_pattern(spelling, languages[0]) for spelling in spellings(page, term)},
        key=len,
        reverse=True,
    )
    return re.compile("|".join(patterns), re.I)


def _searchable_text(sections):
    """The page's text that may hold mentions: names are replaced by a character that is not
    part of a word, so that nothing matches in them or across them."""
    return "\n".join(
        "".join(part.text if part.linkable else "\0" * len(part.text) for part in line.parts)
        for section in sections
        for paragraph in section.paragraphs
        for line in paragraph.sentences
    )


def used_terms(page, sections, terms):
    """The terms the page's text mentions, in the order of their first mention."""
    page_text = _searchable_text(sections)
    found = []
    for term in terms:
        match = _term_pattern(page, term).search(page_text)
        if match:
            found.append((match.start(), -len(match.group()), term))
    found.sort(key=lambda item: item[:2])
    return tuple(term for _start, _length, term in found)


def link_first_mentions(page, sections, terms):
    """Mark the first mention of each term (in page order) as a `Text` with its `term`.

    A mention must lie within one part that is not already a mention and not a name: never a
    link in a link, never half in a placeholder's value and half in the sentence around it.
    """
    lines = [
        [list(paragraph.sentences) for paragraph in section.paragraphs] for section in sections
    ]
    for term in terms:
        _mark_first(lines, _term_pattern(page, term), term.slug)
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


def _mark_first(lines, pattern, slug):
    """Split the first part that mentions `pattern` around the mention (lines change in place)."""
    for paragraphs in lines:
        for sentences in paragraphs:
            for index, line in enumerate(sentences):
                for number, part in enumerate(line.parts):
                    if part.term or not part.linkable:
                        continue
                    match = pattern.search(part.text)
                    if match is None:
                        continue
                    pieces = (
                        Text(part.text[: match.start()], part.lang),
                        Text(match.group(), part.lang, slug),
                        Text(part.text[match.end() :], part.lang),
                    )
                    parts = (
                        *line.parts[:number],
                        *(piece for piece in pieces if piece.text),
                        *line.parts[number + 1 :],
                    )
                    sentences[index] = replace(line, parts=parts)
                    return
