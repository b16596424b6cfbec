"""Registry texts written in CommonMark (ClinicalTrials.gov), rendered to safe HTML."""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "a", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}

# Raw HTML in the source is shown as text, never passed through.
_markdown = MarkdownIt("commonmark", {"html": False}).disable(["image", "heading"])


def render_markdown(text: str):
    html = _markdown.render(text or "")
    return mark_safe(  # noqa: S308 - nh3 keeps only the tags and link schemes listed here
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener",
        )
    )
