"""A summary's charts, drawn here as SVG (no script, nothing from elsewhere), each followed by
the table of the numbers it shows: the table is what screen readers and printers read."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from trials.labels import Text

register = template.Library()

# The drawing's own units: on a phone it is drawn about as wide as it is, on a wide screen
# a little wider (site.css), so that its 14-unit text reads as body text does.
WIDTH = 360
ROW = 48
LABEL_HEIGHT = 19
BAR_HEIGHT = 16
# Room kept right of the longest bar for its value.
VALUE_ROOM = 64


def _lang(text):
    return format_html(' lang="{}"', text.lang) if isinstance(text, Text) and text.lang else ""


def _plain(text):
    return text.text if isinstance(text, Text) else str(text)


@register.simple_tag
def chart(value, *keys):
    """A horizontal bar chart of `value` (a summary `Chart`), and its data table; `keys` make
    its element ids unique on the page."""
    number = "-".join(str(key) for key in keys)
    lowest, highest = value.scale
    span = (highest - lowest) or 1.0
    plot = WIDTH - VALUE_ROOM
    zero = plot * (-lowest / span)
    rows = []
    for index, bar in enumerate(value.bars):
        top = index * ROW
        start = zero + plot * min(bar.value, 0) / span
        length = max(plot * abs(bar.value) / span, 1 if bar.value else 0)
        after = max(zero + plot * max(bar.value, 0) / span, zero) + 6
        rows.append(
            format_html(
                '<text x="0" y="{}" class="chart-label"{}>{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"/>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                top + 15,
                _lang(bar.label),
                _plain(bar.label)[:48],
                f"{start:.1f}",
                top + LABEL_HEIGHT + 2,
                f"{length:.1f}",
                BAR_HEIGHT,
                f"{after:.1f}",
                top + LABEL_HEIGHT + 16,
                bar.cells[-1],
            )
        )
    height = ROW * len(value.bars) + 4
    axis = format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis"/>',
        f"{zero:.1f}",
        LABEL_HEIGHT - 2,
        f"{zero:.1f}",
        height,
    )
    title_id = f"chart-{number}-title"
    table_rows = format_html_join(
        "",
        '<tr><th scope="row"{}>{}</th>{}</tr>',
        (
            (
                _lang(bar.label),
                _plain(bar.label),
                format_html_join("", '<td class="number">{}</td>', ((cell,) for cell in bar.cells)),
            )
            for bar in value.bars
        ),
    )
    headings = format_html_join(
        "",
        '<th scope="col"{}>{}</th>',
        ((_lang(heading), _plain(heading)) for heading in value.columns),
    )
    return format_html(
        '<figure class="chart" aria-labelledby="{title_id}">'
        '<figcaption id="{title_id}"{title_lang}>{title}</figcaption>'
        '<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
        'aria-labelledby="{title_id}" aria-describedby="chart-{number}-desc" '
        'preserveAspectRatio="xMinYMin meet">'
        '<desc id="chart-{number}-desc">{desc}</desc>{axis}{rows}</svg>'
        '<div class="table-scroll" role="region" aria-labelledby="{title_id}" tabindex="0">'
        '<table class="chart-data"><thead><tr>{headings}</tr></thead>'
        "<tbody>{table_rows}</tbody></table></div></figure>",
        title_id=title_id,
        title_lang=_lang(value.title),
        title=_plain(value.title),
        width=WIDTH,
        height=height,
        number=number,
        desc=gettext("A bar for each group; the table gives the same numbers."),
        axis=axis,
        rows=format_html_join("", "{}", ((row,) for row in rows)),
        headings=headings,
        table_rows=table_rows,
    )
