"""E-mail alerts, through the pages a reader uses and the mail outbox: asked for, confirmed by
the link of the confirmation e-mail, a digest of the changes an import notes in the trials
followed (and of no others), ended in one click."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.digests import send_digests
from alerts.models import Subscription
from alerts.tasks import send_alert_digests
from tests.pages import read
from tests.trials.test_changes import ENGLISH_NOTES, IDENTIFIER
from trials.demo import TRIAL_IDENTIFIER, load_demo
from trials.models import ChangeKind, Place, Trial, TrialChange
from trials.places import load_places

from .conftest import SITE, link, sent_to

pytestmark = pytest.mark.django_db

LATER = timedelta(hours=1)  # past the digests' settling time


def ask(client, on_commit, address, language="en", ip="192.0.2.1", **fields):
    return on_commit(
        client.post,
        f"/{language}/alerts/",
        {"email": address, "website": "", **fields},
        REMOTE_ADDR=ip,
    )


def confirmed(client, on_commit, address, **fields):
    mail.outbox.clear()
    response = ask(client, on_commit, address, **fields)
    assert response.status_code == 302, response.content.decode()
    (message,) = sent_to(address)
    page = client.get(link(message, "confirm"))
    assert page.status_code == 200
    assert client.post(link(message, "confirm")).status_code == 200
    mail.outbox.clear()
    return Subscription.objects.get(email=address, kind=next(iter(fields)))


def digests(now=None):
    mail.outbox.clear()
    send_digests(now=(now or timezone.now()) + LATER)
    return {message.to[0]: message for message in mail.outbox}


def demo_change():
    """A change of the demo trial (another condition and treatment than NCT02210780's)."""
    trial = Trial.objects.get(primary_identifier=TRIAL_IDENTIFIER)
    return TrialChange.objects.create(
        trial=trial,
        changed_at=timezone.now(),
        kind=ChangeKind.STATUS,
        before={"status": "not_yet_recruiting", "code": None},
        after={"status": "recruiting", "code": None},
    )


# Asking, confirming ---------------------------------------------------------------------------


def test_pages_offer_the_alerts_of_their_treatment_and_condition(client, demo_intervention):
    condition = demo_intervention.trials.first().conditions.first()

    for page, field, slug in (
        (demo_intervention.get_absolute_url(), "intervention", demo_intervention.slug),
        (condition.get_absolute_url(), "condition", condition.slug),
    ):
        content = client.get(page).content.decode()
        assert "E-mail alerts" in read(client.get(page)).headings
        assert 'action="/en/alerts/" method="get"' in content
        assert f'<input type="hidden" name="{field}" value="{slug}">' in content
        offered = client.get("/en/alerts/", {field: slug})
        assert offered.status_code == 200
        assert 'name="email"' in offered.content.decode()


def test_the_search_page_offers_alerts_near_a_town_and_in_a_country(client, demo_intervention):
    if not Place.objects.exists():
        load_places()

    near = client.get("/en/search/", {"near": "Milano", "within": "25"}).content.decode()
    country = client.get("/en/search/", {"country": "IT"}).content.decode()
    plain = client.get("/en/search/", {"q": "cells"}).content.decode()

    assert '<input type="hidden" name="near" value="Milano, Italy">' in near
    assert '<input type="hidden" name="within" value="25">' in near
    assert '<input type="hidden" name="country" value="IT">' in country
    assert "/en/alerts/" not in plain
    page = read(client.get("/en/alerts/", {"near": "Milan, Italy", "within": "25"}))
    assert "Changes to the trials within 25 km of Milan, Italy" in page.text


def test_nothing_to_follow_is_not_found(client, db):
    assert client.get("/en/alerts/").status_code == 404
    assert client.get("/en/alerts/", {"condition": "no-such-condition"}).status_code == 404
    assert client.get("/en/alerts/", {"country": "XX"}).status_code == 404


def test_a_request_sends_a_confirmation_link_and_nothing_else(client, on_commit, registry):
    condition = registry.import_earlier()

    response = ask(client, on_commit, "reader@example.org", condition=condition.slug)

    assert response.status_code == 302 and response["Location"] == "/en/alerts/sent/"
    (message,) = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "Changes to the trials of Atopic Dermatitis" in message.subject
    assert f"{SITE}/en/alerts/confirm/" in message.body
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None
    registry.import_real()
    assert digests() == {}  # not confirmed: no digest


def test_the_confirmation_link_shows_a_button_and_only_the_button_confirms(
    client, on_commit, registry
):
    condition = registry.import_earlier()
    ask(client, on_commit, "reader@example.org", condition=condition.slug)
    path = link(mail.outbox[0], "confirm")

    page = client.get(path)

    assert page.status_code == 200
    assert "Confirm and start the alerts" in read(page).text
    assert Subscription.objects.get().confirmed_at is None
    assert "Your alerts have started" in read(client.post(path)).headings
    assert Subscription.objects.get().confirmed_at is not None


# Digests --------------------------------------------------------------------------------------


def test_a_confirmed_subscription_gets_a_digest_of_the_changes_it_follows_and_no_others(
    client, on_commit, registry
):
    load_demo()
    condition = registry.import_earlier()
    demo_condition = Trial.objects.get(primary_identifier=TRIAL_IDENTIFIER).conditions.get()
    confirmed(client, on_commit, "atopic@example.org", condition=condition.slug)
    confirmed(client, on_commit, "demo@example.org", condition=demo_condition.slug)

    registry.import_real()
    demo_change()
    sent = digests()

    assert set(sent) == {"atopic@example.org", "demo@example.org"}
    atopic, demo = sent["atopic@example.org"], sent["demo@example.org"]
    assert atopic.subject == "Changes to the trials of Atopic Dermatitis"
    for note in ENGLISH_NOTES:
        assert note in atopic.body
    assert f"{SITE}/en/trials/{IDENTIFIER}/#recent-changes" in atopic.body
    assert TRIAL_IDENTIFIER not in atopic.body
    assert "The status changed from “Not yet recruiting” to “Recruiting”." in demo.body
    assert IDENTIFIER not in demo.body
    html, mimetype = atopic.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{SITE}/en/trials/{IDENTIFIER}/#recent-changes"' in html
    # Nothing changed since: nothing is sent.
    assert digests() == {}


def test_a_digest_carries_one_click_unsubscription_headers(client, on_commit, registry):
    condition = registry.import_earlier()
    confirmed(client, on_commit, "reader@example.org", condition=condition.slug)
    registry.import_real()

    message = digests()["reader@example.org"]

    url = re.fullmatch(r"<(https://[^>]+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert url.startswith(f"{SITE}/en/alerts/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe"] == f"<{url}>"


def test_one_click_unsubscription_posts_to_the_header_url_without_cookie_or_token(
    client, on_commit, registry
):
    condition = registry.import_earlier()
    confirmed(client, on_commit, "reader@example.org", condition=condition.slug)
    registry.import_real()
    message = digests()["reader@example.org"]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    mail_program = Client(enforce_csrf_checks=True)

    response = mail_program.post(
        urlsplit(url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        secure=True,
    )

    assert response.status_code == 200
    assert Subscription.objects.count() == 0
    # A second click, or a mail program that posts twice, is not an error.
    assert mail_program.post(urlsplit(url).path, secure=True).status_code == 200
    TrialChange.objects.update(changed_at=timezone.now())
    assert digests() == {}


def test_the_unsubscribe_page_asks_with_a_button_and_a_get_ends_nothing(
    client, on_commit, registry
):
    condition = registry.import_earlier()
    confirmed(client, on_commit, "reader@example.org", condition=condition.slug)
    ask(client, on_commit, "reader@example.org", condition=condition.slug)  # already subscribed
    path = link(mail.outbox[-1], "unsubscribe")

    page = client.get(path)

    assert page.status_code == 200
    assert "Stop the alerts and delete this subscription" in read(page).text
    assert Subscription.objects.count() == 1
    assert "The alerts have stopped" in read(client.post(path)).headings
    assert Subscription.objects.count() == 0


def test_delete_my_data_deletes_every_subscription_of_the_address(client, on_commit, registry):
    condition = registry.import_earlier()
    load_demo()
    confirmed(client, on_commit, "reader@example.org", condition=condition.slug)
    confirmed(client, on_commit, "reader@example.org", country="US")
    confirmed(client, on_commit, "other@example.org", country="US")
    ask(client, on_commit, "reader@example.org", country="US")
    path = link(mail.outbox[-1], "delete")

    assert client.get(path).status_code == 200
    assert client.post(path).status_code == 200

    assert list(Subscription.objects.values_list("email", flat=True)) == ["other@example.org"]


def test_a_recruiting_only_subscription_hears_nothing_of_a_trial_that_stopped_recruiting(
    client, on_commit, registry
):
    condition = registry.import_earlier()
    confirmed(client, on_commit, "open@example.org", condition=condition.slug, recruiting_only="on")
    confirmed(client, on_commit, "all@example.org", condition=condition.slug)

    registry.import_real()  # the trial is completed now

    assert set(digests()) == {"all@example.org"}


def test_trials_near_a_town_are_followed_by_their_sites_distance(client, on_commit, registry):
    if not Place.objects.exists():
        load_places()
    registry.import_earlier()
    confirmed(client, on_commit, "seattle@example.org", near="Seattle", within="25")
    confirmed(client, on_commit, "bologna@example.org", near="Bologna", within="250")

    registry.import_real()  # adds a site in Seattle
    sent = digests()

    assert set(sent) == {"seattle@example.org"}
    message = sent["seattle@example.org"]
    assert (
        message.subject
        == "Changes to the trials within 25 km of Seattle, Washington, United States of America"
    )
    assert "A study site was added: Seattle, United States of America." in message.body


def test_the_digest_of_a_country_names_the_changes_of_its_trials(client, on_commit, registry):
    registry.import_earlier()
    confirmed(client, on_commit, "us@example.org", country="us")
    confirmed(client, on_commit, "fr@example.org", country="FR")

    registry.import_real()
    sent = digests()

    assert set(sent) == {"us@example.org"}
    assert sent["us@example.org"].subject == "Changes to the trials in United States of America"


def test_an_unconfirmed_subscription_is_deleted_when_its_link_expires(
    client, on_commit, registry, settings
):
    condition = registry.import_earlier()
    ask(client, on_commit, "reader@example.org", condition=condition.slug)

    send_digests(now=timezone.now() + timedelta(days=settings.ALERTS_CONFIRMATION_DAYS, hours=1))

    assert Subscription.objects.count() == 0


def test_the_digest_task_runs_in_this_process_without_a_broker(client, on_commit, registry):
    condition = registry.import_earlier()
    confirmed(client, on_commit, "reader@example.org", condition=condition.slug)
    registry.import_real()
    Subscription.objects.update(digest_until=timezone.now() - 2 * LATER)
    TrialChange.objects.update(changed_at=timezone.now() - LATER)

    assert send_alert_digests.delay().get() == "1 sent"
    assert [message.to for message in mail.outbox] == [["reader@example.org"]]


# In Italian -----------------------------------------------------------------------------------


def test_an_italian_reader_gets_the_digest_in_italian_with_italian_links(
    client, on_commit, registry
):
    condition = registry.import_earlier()
    mail.outbox.clear()
    ask(client, on_commit, "lettore@example.org", language="it", condition=condition.slug)
    (confirmation,) = mail.outbox
    assert link(confirmation, "confirm").startswith("/it/alerts/confirm/")
    client.post(link(confirmation, "confirm"))
    assert Subscription.objects.get().language == "it"

    registry.import_real()
    message = digests()["lettore@example.org"]

    assert message.subject == "Modifiche alle sperimentazioni su Atopic Dermatitis"
    assert "Lo stato è cambiato da “In arruolamento” a “Concluso”." in message.body
    assert f"{SITE}/it/trials/{IDENTIFIER}/#recent-changes" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/it/alerts/")
    assert message.extra_headers["Content-Language"] == "it"
    assert '<html lang="it">' in message.alternatives[0][0]


def test_the_italian_digest_s_own_words_are_italian(client, on_commit, registry):
    condition = registry.import_earlier()
    ask(client, on_commit, "lettore@example.org", language="it", condition=condition.slug)
    client.post(link(mail.outbox[0], "confirm"))
    registry.import_real()

    message = digests()["lettore@example.org"]

    assert "Cosa hanno cambiato i registri dall'ultima e-mail:" in message.body
    assert "Per interrompere questi avvisi:" in message.body


def test_the_alert_pages_are_in_every_language_and_keep_the_reader_s(
    client, on_commit, demo_intervention
):
    for language in ("en", "it", "fr", "de", "es"):
        response = client.get(f"/{language}/alerts/", {"intervention": demo_intervention.slug})
        assert response.status_code == 200
        assert read(response).lang == language
        assert f'action="/{language}/alerts/" method="post"' in response.content.decode()
        ask(
            client,
            on_commit,
            f"{language}@example.org",
            language=language,
            intervention=demo_intervention.slug,
        )

    assert dict(Subscription.objects.values_list("email", "language")) == {
        f"{language}@example.org": language for language in ("en", "it", "fr", "de", "es")
    }
    for language in ("en", "it", "fr", "de", "es"):
        (message,) = sent_to(f"{language}@example.org")
        assert link(message, "confirm").startswith(f"/{language}/alerts/confirm/")


def test_the_deployment_check_asks_for_an_https_site_url(settings):
    from alerts.checks import site_url_is_https

    settings.SITE_URL = "http://localhost:8000"
    assert [warning.id for warning in site_url_is_https(None)] == ["alerts.W001"]
    settings.SITE_URL = SITE
    assert site_url_is_https(None) == []


def test_a_long_digest_lists_the_trials_changed_last_and_links_to_the_others(monkeypatch):
    from tests.factories import SiteFactory, TrialFactory

    monkeypatch.setattr("alerts.digests.DIGEST_TRIALS", 1)
    start = timezone.now() - 3 * LATER
    for number, identifier in enumerate(("NCT00000001", "NCT00000002")):
        trial = TrialFactory(primary_identifier=identifier)
        SiteFactory(trial=trial, country="IT")
        TrialChange.objects.create(
            trial=trial,
            changed_at=start + timedelta(minutes=number + 1),
            kind=ChangeKind.STATUS,
            before={"status": "not_yet_recruiting", "code": None},
            after={"status": "recruiting", "code": None},
        )
    Subscription.objects.create(
        email="reader@example.org",
        language="en",
        kind="country",
        country="IT",
        confirmed_at=start,
        digest_until=start,
    )

    message = digests()["reader@example.org"]

    assert "NCT00000002" in message.body and "NCT00000001" not in message.body
    assert f"1 more trial changed:\n{SITE}/en/search/?country=IT" in message.body
