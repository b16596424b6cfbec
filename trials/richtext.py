"""Formatted text, made safe: registry texts written in CommonMark (ClinicalTrials.gov) and the
small HTML subset editors may use in descriptions, explanations and definitions."""

import html
import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from config.languages import LANGUAGE_CODES

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"

# What editors may use: paragraphs, lists, emphasis and links.
RICH_TEXT_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a"}

# The translated fields that hold rich text (every language column of each is sanitised).
RICH_TEXT_FIELDS = {
    "trials.intervention": ("description",),
    "trials.condition": ("explanation",),
    "glossary.term": ("definition",),
}

# Raw HTML in the source is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False}).disable(["image", "heading"])
_BLOCK_END = re.compile(r"<\s*(?:br|/\s*(?:p|li|ul|ol|blockquote))\b[^>]*>", re.IGNORECASE)
_BLOCK_TAG = re.compile(r"<(?:p|ul|ol)\b", re.IGNORECASE)


def render_markdown(text: str):
    html_text = _markdown.render(text or "")
    return mark_safe(  # noqa: S308 - nh3 keeps only the tags and link schemes listed here
        nh3.clean(
            html_text,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
        )
    )


def clean_rich_text(text: str) -> str:
    """The editor's HTML with only the allowed tags, attributes and link schemes left."""
    if not text:
        return text or ""
    return nh3.clean(
        text,
        tags=RICH_TEXT_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )


def render_rich_text(text: str):
    """Rich text as safe HTML; text without paragraphs or lists gets paragraphs from its lines."""
    cleaned = clean_rich_text(text)
    if cleaned and not _BLOCK_TAG.search(cleaned):
        cleaned = linebreaks(cleaned, autoescape=False)
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 above; linebreaks adds p and br


def plain_text(text: str, *, keep_paragraphs=False) -> str:
    """Rich text as plain words, for use inside a sentence (escaped again on output).

    With `keep_paragraphs`, paragraphs and list items stay apart, separated by empty lines.
    """
    if not text:
        return ""
    separator = "\n\n" if keep_paragraphs else " "
    stripped = html.unescape(nh3.clean(_BLOCK_END.sub(separator, text), tags=set()))
    if keep_paragraphs:
        return stripped.strip()
    return " ".join(stripped.split())


def markdown_plain_text(text: str) -> str:
    """A registry's CommonMark text (ClinicalTrials.gov) as plain words: its escapes (“\\>”) and
    markup resolved, for use inside a sentence."""
    return plain_text(str(render_markdown(text))) if text else ""


def sanitise_rich_text_fields(instance):
    """Clean every language column of the instance's rich-text fields in place."""
    for name in RICH_TEXT_FIELDS.get(instance._meta.label_lower, ()):
        for language in LANGUAGE_CODES:
            column = f"{name}_{language}"
            value = getattr(instance, column, None)
            if value:
                setattr(instance, column, clean_rich_text(value))
