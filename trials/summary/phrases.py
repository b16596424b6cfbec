"""Composing sentences: translated templates filled with values that remember their language."""

import re

from django.utils.translation import gettext as _

from .types import Sentence, Text

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
