"""The Atom feeds, in the page's language: new and updated published trials, and the changes
to the trials of an intervention, a condition or a country."""

from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language, gettext
from django_countries import countries

from .labels import country_name, localized, trial_title
from .models import Condition, Intervention, Trial, TrialChange
from .summary.changes import change_notes, feed_item_title, feed_subtitle, feed_title

FEED_LENGTH = 50
DESCRIPTION_LENGTH = 600


class TrialFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return gettext("New and updated trials · Clinical trial summaries")

    def subtitle(self):
        return gettext("Clinical trials whose plain-language summary was published or updated.")

    def link(self):
        return reverse("intervention_list")

    def feed_url(self):
        return reverse("trial_feed")

    def items(self):
        return Trial.objects.published().order_by(
            F("modified_at").desc(), F("last_update").desc(nulls_last=True)
        )[:FEED_LENGTH]

    def item_title(self, trial):
        language = get_language()
        title = trial_title(trial, language).text
        return f"{trial.primary_identifier} – {title}" if title else trial.primary_identifier

    def item_description(self, trial):
        text = " ".join(localized(trial, "brief_summary", get_language()).text.split())
        if len(text) > DESCRIPTION_LENGTH:
            text = text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"
        # Atom's summary is `type="html"`: a reader parses it as HTML, so the text is escaped
        # once for that (and once more, by the feed generator, for the XML).
        return escape(text)

    def item_guid(self, trial):
        return trial.primary_identifier

    def item_guid_is_permalink(self, trial):
        return False

    def item_updateddate(self, trial):
        return trial.modified_at

    def item_pubdate(self, trial):
        return trial.published_at or trial.modified_at


class ChangeFeed(Feed):
    """The Atom feed of what the registries changed in the published trials of one
    intervention, condition or country, the newest first; the words are the summary's."""

    feed_type = Atom1Feed
    kind = ""

    def title(self, obj):
        return feed_title(self.kind, self.label(obj))

    def subtitle(self, obj):
        return feed_subtitle()

    def items(self, obj):
        changes = TrialChange.objects.published().of_trials(self.trials(obj)).for_notes()
        return change_notes(changes.newest_first()[:FEED_LENGTH], get_language())

    def item_title(self, note):
        return feed_item_title(note)

    def item_description(self, note):
        # Atom's summary is HTML: the sentence (a registry's site names...) is escaped as text.
        return escape(note.sentence.text)

    def item_link(self, note):
        return f"{note.page_url}#recent-changes"

    def item_guid(self, note):
        return f"trial-change-{note.id}"

    def item_guid_is_permalink(self, note):
        return False

    def item_updateddate(self, note):
        return note.changed_at

    def item_pubdate(self, note):
        return note.changed_at


class InterventionChangeFeed(ChangeFeed):
    kind = "intervention"

    def get_object(self, request, slug):
        return get_object_or_404(Intervention.objects.published(), slug=slug)

    def label(self, intervention):
        return localized(intervention, "name", get_language())

    def trials(self, intervention):
        return Trial.objects.published().of_intervention(intervention)

    def link(self, intervention):
        return intervention.get_absolute_url()

    def feed_url(self, intervention):
        return reverse("intervention_change_feed", kwargs={"slug": intervention.slug})


class ConditionChangeFeed(ChangeFeed):
    kind = "condition"

    def get_object(self, request, slug):
        return get_object_or_404(Condition.objects.published(), slug=slug)

    def label(self, condition):
        return localized(condition, "name", get_language())

    def trials(self, condition):
        return Trial.objects.published().matching(condition=condition.slug)

    def link(self, condition):
        return condition.get_absolute_url()

    def feed_url(self, condition):
        return reverse("condition_change_feed", kwargs={"slug": condition.slug})


class CountryChangeFeed(ChangeFeed):
    kind = "country"

    def get_object(self, request, code):
        code = code.upper()
        if code not in countries:
            raise Http404("No such country.")
        return code

    def label(self, code):
        return country_name(code)

    def trials(self, code):
        return Trial.objects.published().matching(country=code)

    def link(self, code):
        return f"{reverse('search')}?{urlencode({'country': code})}"

    def feed_url(self, code):
        return reverse("country_change_feed", kwargs={"code": code})
