"""What machines read in a page's head: canonical address, Open Graph tags and JSON-LD."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from trials import structured_data
from trials.search import COUNT_CAP

register = template.Library()


@register.filter
def result_count(count):
    """A count of results as the reader reads it: “1,000+” past what is counted."""
    if count > COUNT_CAP:
        return f"{number_format(COUNT_CAP, force_grouping=True)}+"
    return number_format(count, force_grouping=True)


@register.simple_tag
def select_options(choices, selected):
    """The `<option>` elements of (value, label) choices, `selected` marked (a template loop
    over a filter's 200 choices took a good part of a search page's time)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", label)
            for value, label in choices
        ),
    )


# Open Graph wants a territory; these are the sites' home countries of each language.
OG_LOCALES = {"en": "en_GB", "it": "it_IT", "fr": "fr_FR", "de": "de_DE", "es": "es_ES"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}...{% endcapture %}`: render once, use several times (a title
    in <title> and in og:title). Blocks inside it can still be overridden."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's address in this language, without its query (one page, one address)."""
    request = context["request"]
    return request.build_absolute_uri(request.path)


@register.simple_tag(takes_context=True)
def default_language_url(context):
    """This page without a language prefix, for hreflang="x-default": it redirects to the
    reader's language (the sitemap's x-default is the same address)."""
    request = context["request"]
    code = settings.LANGUAGE_CODE
    path = translate_url(request.path, code).replace(f"/{code}/", "/", 1)
    return request.build_absolute_uri(path)


@register.simple_tag
def og_locale(language=None):
    return OG_LOCALES.get(language or get_language(), OG_LOCALES[settings.LANGUAGE_CODE])


@register.simple_tag
def og_alternate_locales():
    current = get_language()
    return [locale for code, locale in OG_LOCALES.items() if code != current]


@register.simple_tag(takes_context=True)
def trial_json_ld(context, trial):
    return structured_data.json_ld(
        structured_data.trial_data(trial, get_language(), context["request"].build_absolute_uri)
    )


@register.simple_tag(takes_context=True)
def intervention_json_ld(context, intervention, trials):
    return structured_data.json_ld(
        structured_data.intervention_data(
            intervention, trials, get_language(), context["request"].build_absolute_uri
        )
    )
