"""Composing sentences: translated templates filled with values that remember their language,
with the typography of the whole sentence put right (no doubled full stop when a value ends
with one, no quotes inside quotes)."""

import re

from django.utils.translation import gettext as _

from .types import Sentence, Text

_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_OPENING_QUOTES = '“«„"‘‹'
_CLOSING_QUOTES = '”»“"’›'
_QUOTES = _OPENING_QUOTES + _CLOSING_QUOTES + "'"
_ENDS_A_SENTENCE = ".!?…"


def compose(template, **values):
    """Fill a translated template; values may be str, int, Text or a tuple of Text parts."""
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        before = template[position : match.start()].replace("%%", "%")
        after = template[match.end() :]
        if before:
            parts.append(Text(before))
        value = values[match.group(1)]
        if isinstance(value, Text):
            value = (value,)
        elif not isinstance(value, tuple):
            value = (Text(str(value)),)
        parts.extend(_fitted(value, before, after))
        position = match.end()
    if position < len(template):
        parts.append(Text(template[position:].replace("%%", "%")))
    return _merge(parts)


def _fitted(value, before, after):
    """A value as the template around it needs it: without its own quotes or final full stop
    inside quotes, without a final full stop where the template ends the sentence."""
    if not value:
        return value
    first, last = value[0], value[-1]
    # French puts a (no-break) space inside its guillemets and before its colons: « x » :
    before, after = before.rstrip(), after.lstrip()
    quoted = before[-1:] in _OPENING_QUOTES and after[:1] in _CLOSING_QUOTES and before
    if quoted:
        first = _with_text(first, first.text.lstrip(_QUOTES + " "))
        if len(value) == 1:
            last = first
        last = _with_text(last, last.text.rstrip(" ." + _QUOTES))
    elif after[:1] in ".:;," and last.text.rstrip()[-1:] in _ENDS_A_SENTENCE + ":;,":
        last = _with_text(last, last.text.rstrip().rstrip(".:;,"))
    if len(value) == 1:
        return (last,) if quoted or last is not value[-1] else value
    return (first, *value[1:-1], last)


def _with_text(part, text):
    return Text(text, part.lang, part.term, part.linkable, part.href)


_SPACES = re.compile(r"\s{2,}")


def _merge(parts):
    merged = []
    for part in parts:
        if not part.text:
            continue
        if "  " in part.text or "\n" in part.text:
            part = _with_text(part, _SPACES.sub(" ", part.text.replace("\n", " ")))
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.lang == part.lang
            and previous.linkable == part.linkable
            and not (previous.term or part.term or previous.href or part.href)
        ):
            merged[-1] = Text(previous.text + part.text, part.lang, linkable=part.linkable)
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


def sentence(template, cites=(), sources=(), **values):
    """A sentence from a template; `sources` are the `Source`s of the facts it states. One that
    ends with a registry's text ends with a full stop even where that text has none."""
    parts = compose(template, **values)
    last = parts[-1] if parts else None
    if last is not None and last.text.rstrip()[-1:] not in _ENDS_A_SENTENCE + ":;" + _QUOTES:
        parts = _merge([*parts[:-1], _with_text(last, last.text.rstrip()), Text(".")])
    return Sentence(parts, tuple(cites), tuple(sources))
