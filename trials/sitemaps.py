"""The sitemaps: every public page in every language, with its language alternates. An index
(`/sitemap.xml`) names one sitemap per section and page; each holds `limit` addresses (the
protocol allows 50,000; fewer keep each file quick to make). A page reads its own objects only,
never the whole section: Django's own sitemaps list every object in every language first."""

from collections.abc import Sequence
from datetime import datetime
from html import escape

from django.contrib.sitemaps import Sitemap
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from config.caching import content_version
from glossary.models import Term

from .models import Condition, Intervention, Trial


class InEveryLanguage(Sequence):
    """(object, language) of each object in each language, read a slice at a time."""

    def __init__(self, objects, languages, count):
        self.objects, self.languages, self.count = objects, list(languages), count

    def __len__(self):
        return self.count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_object = len(self.languages)
        first = start // per_object
        objects = self.objects[first : -(-stop // per_object)]
        pairs = [(obj, language) for obj in objects for language in self.languages]
        return pairs[start - first * per_object : stop - first * per_object]


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 2_000

    def lastmod(self, item):
        return item.modified_at

    @cached_property
    def _paths(self):
        """{(object, language): path} of this request (a sitemap is made for each request)."""
        return {}

    def _location(self, item, force_lang_code=None):
        """Each object's address in each language is reversed once, not once for itself and
        again for each of its alternates."""
        obj, language = item
        key = (getattr(obj, "pk", obj), force_lang_code or language)
        if key not in self._paths:
            self._paths[key] = super()._location(item, force_lang_code)
        return self._paths[key]

    @cached_property
    def paginator(self):
        items = self.items()
        count = self._kept(
            "count", lambda: items.count() if hasattr(items, "query") else len(items)
        )
        return Paginator(InEveryLanguage(self.items(), self._languages(), count), self.limit)

    def get_latest_lastmod(self):
        return self._kept(
            "lastmod", lambda: self.items().aggregate(latest=Max("modified_at"))["latest"]
        )

    def _kept(self, name, compute):
        """Counting half a million rows takes a scan: counts are kept until the content
        changes."""
        key = f"sitemap:{type(self).__name__}:{name}:{content_version().number}"
        return cache.get_or_set(key, compute, timeout=24 * 3600)


class HomeSitemap(TranslatedSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["intervention_list", "glossary"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return None

    def get_latest_lastmod(self):
        return None


class InterventionSitemap(TranslatedSitemap):
    priority = 0.8

    def items(self):
        return Intervention.objects.published().only("slug", "modified_at").order_by("slug")


class TrialSitemap(TranslatedSitemap):
    priority = 0.6

    def items(self):
        return (
            Trial.objects.published()
            .only("primary_identifier", "modified_at")
            .order_by("primary_identifier")
        )


class ConditionSitemap(TranslatedSitemap):
    priority = 0.5

    def items(self):
        return Condition.objects.published().only("slug", "modified_at").order_by("slug")


class TermSitemap(TranslatedSitemap):
    priority = 0.3

    def items(self):
        return Term.objects.published().only("slug", "modified_at").order_by("slug")


def url_entries(urlset):
    """The `<url>` elements of a sitemap file, as Django's own template writes them (a
    template loop over 2,000 addresses and their 12,000 alternates takes most of a second)."""
    parts = []
    for url in urlset:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if lastmod := url["lastmod"]:
            if isinstance(lastmod, datetime):
                lastmod = timezone.localtime(lastmod) if timezone.is_aware(lastmod) else lastmod
            parts.append(f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>")
        if url["changefreq"]:
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url["priority"]:
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        parts.extend(
            f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
            f'href="{escape(alternate["location"])}"/>'
            for alternate in url["alternates"]
        )
        parts.append("</url>")
    return mark_safe("".join(parts))


SITEMAPS = {
    "home": HomeSitemap,
    "interventions": InterventionSitemap,
    "trials": TrialSitemap,
    "conditions": ConditionSitemap,
    "glossary": TermSitemap,
}
