"""The Atom feed of new and updated published trials, in the page's language."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language, gettext

from .labels import localized, trial_title
from .models import Trial

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
