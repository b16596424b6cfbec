"""The sitemap: every public page in every language, with its language alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from glossary.models import Term

from .models import Condition, Intervention, Trial


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def lastmod(self, item):
        return item.modified_at


class HomeSitemap(TranslatedSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["intervention_list", "glossary"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return None


class InterventionSitemap(TranslatedSitemap):
    priority = 0.8

    def items(self):
        return Intervention.objects.published().order_by("slug")


class TrialSitemap(TranslatedSitemap):
    priority = 0.6

    def items(self):
        return Trial.objects.published().order_by("primary_identifier")


class ConditionSitemap(TranslatedSitemap):
    priority = 0.5

    def items(self):
        return Condition.objects.published().order_by("slug")


class TermSitemap(TranslatedSitemap):
    priority = 0.3

    def items(self):
        return Term.objects.published().order_by("slug")


SITEMAPS = {
    "home": HomeSitemap,
    "interventions": InterventionSitemap,
    "trials": TrialSitemap,
    "conditions": ConditionSitemap,
    "glossary": TermSitemap,
}
