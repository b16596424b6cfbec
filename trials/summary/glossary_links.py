"""Glossary links: the first mention of each glossary term on a page is marked, in page order,
so that the page can link it to the term and show its definition."""

import re
from dataclasses import replace

from config.languages import DEFAULT_LANGUAGE

from .types import Text


def spellings(page, term):
    return term.spellings(page.language) or term.spellings(DEFAULT_LANGUAGE)


def used_terms(page, sections, terms):
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
            for spelling in spellings(page, term)
            for match in [re.search(_whole_word(spelling), page_text, re.I)]
            if match
        ]
        if matches:
            first = min(matches, key=lambda match: (match.start(), -len(match.group())))
            found.append((first.start(), -len(first.group()), term))
    found.sort(key=lambda item: item[:2])
    return tuple(term for _start, _length, term in found)


def link_first_mentions(page, sections, terms):
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
                for spelling in sorted(spellings(page, term), key=len, reverse=True)
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
