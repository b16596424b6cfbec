"""Read a rendered page as a reader sees it: visible text, headings, links, table cells."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "head"}


@dataclass
class Page:
    headings: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text)
    rows: list[list[str]] = field(default_factory=list)
    text: str = ""
    lang: str | None = None


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.hidden = 0
        self.tooltip = False
        self.chunks = []
        self.open = []  # [tag, attrs, chunks] of headings, links and cells being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.page.lang = attrs.get("lang")
        if tag in _HIDDEN:
            self.hidden += 1
        if attrs.get("role") == "tooltip":
            # A glossary tooltip shows only on hover or focus (it holds no other element).
            self.hidden += 1
            self.tooltip = True
        if tag == "tr":
            self.page.rows.append([])
        if tag in {"h1", "h2", "h3", "h4", "a", "td", "th"}:
            self.open.append([tag, attrs, []])

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden -= 1
        if self.tooltip and tag == "span":
            self.hidden -= 1
            self.tooltip = False
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                _tag, attrs, chunks = self.open.pop(index)
                content = _squash("".join(chunks))
                if tag == "a":
                    self.page.links.append((attrs.get("href", ""), content))
                elif tag in {"td", "th"} and self.page.rows:
                    self.page.rows[-1].append(content)
                else:
                    self.page.headings.append(content)
                break

    def handle_data(self, data):
        if self.hidden:
            return
        self.chunks.append(data)
        for _tag, _attrs, chunks in self.open:
            chunks.append(data)


def _squash(text):
    # Invisible formatting characters (word joiner, zero-width space) are not read.
    text = re.sub("[\u2060\u200b]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def read(response):
    reader = _Reader()
    reader.feed(response.content.decode())
    reader.page.text = _squash("".join(reader.chunks))
    return reader.page
