"""What a subscription is called, and where its e-mails link to, in the active language."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language, gettext

from trials.labels import country_name, localized
from trials.summary.changes import feed_title

from .models import FollowedKind


def absolute_url(path):
    """A path of the site as readers reach it (SITE_URL)."""
    return f"{settings.SITE_URL}{path}"


def followed_title(subscription):
    """“Changes to the trials of Dupilumab”: the subject of its e-mails and its page's title."""
    kind, language = subscription.kind, get_language()
    if kind == FollowedKind.INTERVENTION:
        return feed_title(kind, localized(subscription.intervention, "name", language))
    if kind == FollowedKind.CONDITION:
        return feed_title(kind, localized(subscription.condition, "name", language))
    if kind == FollowedKind.COUNTRY:
        return feed_title(kind, country_name(subscription.country.code))
    return gettext("Changes to the trials within %(distance)s km of %(place)s") % {
        "distance": subscription.within_km,
        "place": subscription.place_label,
    }


def followed_page_url(subscription):
    """The page of what the subscription follows: the treatment's, the condition's, or the
    search of the trials in its country or near its town."""
    if subscription.kind == FollowedKind.INTERVENTION:
        return subscription.intervention.get_absolute_url()
    if subscription.kind == FollowedKind.CONDITION:
        return subscription.condition.get_absolute_url()
    if subscription.kind == FollowedKind.COUNTRY:
        query = {"country": subscription.country.code}
    else:
        query = {"near": subscription.place_label, "within": subscription.within_km}
    return f"{reverse('search')}?{urlencode(query)}"
