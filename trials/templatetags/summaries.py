"""Render summary structures: text that fell back to English carries `lang="en"`."""

from dataclasses import replace

from django import template
from django.urls import reverse, translate_url
from django.utils.html import conditional_escape, format_html, format_html_join, linebreaks
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext

from config.languages import LANGUAGE_CODES
from trials.labels import Text, country_name, localized
from trials.richtext import render_markdown, render_rich_text
from trials.summary.changes import feed_title

register = template.Library()


def _render_text(text):
    if text.lang:
        rendered = format_html(
            '<span lang="{}" class="untranslated">{}</span>', text.lang, text.text
        )
    else:
        rendered = conditional_escape(text.text)
    if text.href:
        return format_html('<a href="{}">{}</a>', text.href, rendered)
    return rendered


@register.simple_tag
def text(value):
    if isinstance(value, Text):
        return _render_text(value)
    return format_html("{}", value)


@register.simple_tag
def field(obj, field_name, paragraphs=False, markdown=False, rich=False):
    """A translated model field in the page's language, or in English marked as such.

    `rich` renders an editor's formatted text (sanitised HTML), `markdown` a registry text.
    """
    value = localized(obj, field_name, get_language())
    if not (paragraphs or markdown or rich):
        return _render_text(value)
    if rich:
        body = render_rich_text(value.text)
    elif markdown:
        body = render_markdown(value.text)
    else:
        body = mark_safe(linebreaks(value.text, autoescape=True))
    if value.lang:
        return format_html('<div lang="{}" class="untranslated">{}</div>', value.lang, body)
    return body


def _render_term(part, entry):
    """The first mention of a glossary term: a link to its page, its definition as a tooltip."""
    url = reverse("glossary_term", kwargs={"slug": part.term})
    words = _render_text(replace(part, term=None))
    if entry is None:
        return format_html('<a class="term-link" href="{}">{}</a>', url, words)
    definition = entry.definition
    return format_html(
        '<span class="term"><a class="term-link" href="{}" aria-describedby="tip-{}">{}</a>'
        '<span class="term-tip" id="tip-{}" role="tooltip"{}>{}</span></span>',
        url,
        part.term,
        words,
        part.term,
        format_html(' lang="{}"', definition.lang) if definition.lang else "",
        definition.text,
    )


@register.simple_tag
def sentences(values, glossary=(), show_sources=False, items=False):
    """The sentences of a paragraph, each followed by a space, with their citations; first
    mentions of `glossary` terms are linked. With `show_sources` (staff only), the record
    fields each sentence states follow it. With `items`, each is an item of a list."""
    entries = {entry.slug: entry for entry in glossary}
    if items:
        return format_html_join(
            "", "<li>{}</li>", ((_render_sentence(v, entries, show_sources),) for v in values)
        )
    return mark_safe(
        "".join(f"{_render_sentence(value, entries, show_sources)} " for value in values)
    )


@register.simple_tag
def sentence(value, show_sources=False):
    """One sentence that stands alone (a change note, the date a record was checked)."""
    return _render_sentence(value, {}, show_sources)


@register.simple_tag
def change_feed_link(kind, value):
    """The `<link rel="alternate">` of the feed of changes to the trials of an intervention or
    a condition (`value`: the object) or a country (`value`: its code)."""
    language = get_language()
    if kind == "country":
        url, label = reverse("country_change_feed", kwargs={"code": value}), country_name(value)
    else:
        url = reverse(f"{kind}_change_feed", kwargs={"slug": value.slug})
        label = localized(value, "name", language)
    return format_html(
        '<link rel="alternate" type="application/atom+xml" href="{}" title="{}">',
        url,
        feed_title(kind, label),
    )


def _render_sentence(value, entries, show_sources):
    body = format_html_join(
        "",
        "{}",
        (
            (_render_term(part, entries.get(part.term)) if part.term else _render_text(part),)
            for part in value.parts
        ),
    )
    cites = format_html_join(
        "",
        '<a class="cite" href="#ref-{0}" aria-label="{1} {0}">[{0}]</a>',
        ((number, gettext("Reference")) for number in value.cites),
    )
    # A word joiner keeps the citation on the line of the sentence it belongs to.
    rendered = format_html("{}\u2060{}", body, cites) if value.cites else body
    if show_sources and value.sources:
        rendered = format_html("{}{}", rendered, _render_sources(value.sources))
    return rendered


def _render_sources(sources):
    items = format_html_join(
        "",
        "<li><code>{}</code>{}{}</li>",
        (
            (
                source.field,
                format_html(" – {}", gettext("not in the record")) if source.absent else "",
                format_html_join(
                    "", " <code>{}</code>", ((f"{source.record}: {path}",) for path in source.paths)
                ),
            )
            for source in sources
        ),
    )
    return format_html(
        '<details class="sources"><summary>{}</summary><ul>{}</ul></details>',
        gettext("Sources"),
        items,
    )


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: [{code, name, url, switch_url, current}].

    `switch_url` goes to `url` through the language switcher, which remembers the choice.
    """
    request = context["request"]
    current = get_language()
    versions = []
    for code in LANGUAGE_CODES:
        url = translate_url(request.get_full_path(), code)
        switch = reverse("switch_language", args=[code])
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "switch_url": f"{switch}?{urlencode({'next': url})}",
                "current": code == current,
            }
        )
    return versions
