"""Render summary structures: text that fell back to English carries `lang="en"`."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info, gettext

from trials.richtext import render_markdown
from trials.summary import Text, localized

register = template.Library()


def _render_text(text):
    if text.lang:
        return format_html('<span lang="{}" class="untranslated">{}</span>', text.lang, text.text)
    return format_html("{}", text.text)


@register.simple_tag
def text(value):
    if isinstance(value, Text):
        return _render_text(value)
    return format_html("{}", value)


@register.simple_tag
def field(obj, field_name, paragraphs=False, markdown=False):
    """A translated model field in the page's language, or in English marked as such."""
    value = localized(obj, field_name, get_language())
    if not (paragraphs or markdown):
        return _render_text(value)
    if markdown:
        body = render_markdown(value.text)
    else:
        body = mark_safe(linebreaks(value.text, autoescape=True))
    if value.lang:
        return format_html('<div lang="{}" class="untranslated">{}</div>', value.lang, body)
    return body


@register.simple_tag
def sentence(value):
    body = format_html_join("", "{}", ((_render_text(part),) for part in value.parts))
    cites = format_html_join(
        "",
        '<a class="cite" href="#ref-{0}" aria-label="{1} {0}">[{0}]</a>',
        ((number, gettext("Reference")) for number in value.cites),
    )
    # A word joiner keeps the citation on the line of the sentence it belongs to.
    return format_html("{}\u2060{}", body, cites) if value.cites else body


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: [{code, name, url, current}]."""
    request = context["request"]
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]
