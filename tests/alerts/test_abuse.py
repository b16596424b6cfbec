"""What keeps the alerts from being abused: rate limits per address and per client, a
honeypot, the same answer whether an address is known or not, signed links that expire or
fail clearly, and the admin keeping addresses from staff without the permission to see them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail, signing
from django.utils import timezone

from alerts.models import FollowedKind, Subscription
from alerts.tokens import CONFIRM, make_token
from tests.pages import read

from .conftest import link, sent_to
from .test_alerts import ask, confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(demo_intervention):
    return {"intervention": demo_intervention.slug}


def test_an_address_gets_at_most_its_hourly_number_of_requests(
    client, on_commit, followed, settings
):
    settings.ALERTS_ADDRESS_RATE = 2
    answers = [
        ask(client, on_commit, "Target@Example.org", ip=f"198.51.100.{n}", **followed)
        for n in range(3)
    ]
    other = ask(client, on_commit, "someone@example.org", ip="198.51.100.9", **followed)

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "Too many requests" in read(answers[2]).headings
    assert len(sent_to("Target@example.org")) == 2
    assert other.status_code == 302


def test_a_client_gets_at_most_its_hourly_number_of_requests(client, on_commit, followed, settings):
    settings.ALERTS_CLIENT_RATE = 3
    answers = [
        ask(client, on_commit, f"reader{n}@example.org", ip="203.0.113.7", **followed)
        for n in range(4)
    ]
    elsewhere = ask(client, on_commit, "reader9@example.org", ip="203.0.113.8", **followed)

    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert len(mail.outbox) == 4  # three, and the one from elsewhere
    assert elsewhere.status_code == 302


def test_behind_trusted_proxies_the_client_is_the_address_they_received(
    client, on_commit, followed, settings
):
    settings.ALERTS_CLIENT_RATE = 1
    settings.ALERTS_TRUSTED_PROXIES = 1

    def from_client(address, forwarded):
        return on_commit(
            client.post,
            "/en/alerts/",
            {"email": address, **followed},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    # What a client writes in the header itself is left of what the proxy appends.
    assert from_client("a@example.org", "1.1.1.1, 203.0.113.7").status_code == 302
    assert from_client("b@example.org", "2.2.2.2, 203.0.113.7").status_code == 429
    assert from_client("c@example.org", "203.0.113.8").status_code == 302


def test_a_robot_filling_the_honeypot_gets_the_same_answer_and_nothing_happens(
    client, on_commit, followed
):
    page = client.get("/en/alerts/", followed).content.decode()
    person = ask(client, on_commit, "person@example.org", **followed)
    robot = ask(client, on_commit, "victim@example.org", website="https://spam.example", **followed)

    assert 'class="alert-trap" aria-hidden="true"' in page
    assert 'name="website" id="id_website" tabindex="-1"' in page
    assert (robot.status_code, robot["Location"]) == (person.status_code, person["Location"])
    assert sent_to("victim@example.org") == []
    assert not Subscription.objects.filter(email="victim@example.org").exists()


def test_the_answer_is_the_same_whether_the_address_is_subscribed_or_not(
    client, on_commit, followed
):
    confirmed(client, on_commit, "known@example.org", **followed)

    known = ask(client, on_commit, "known@example.org", **followed)
    unknown = ask(client, on_commit, "unknown@example.org", **followed)

    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content
    # Only the address's owner learns which: one e-mail each.
    (to_known,) = sent_to("known@example.org")
    (to_unknown,) = sent_to("unknown@example.org")
    assert "You already receive these alerts" in to_known.subject
    assert "Confirm your e-mail alerts" in to_unknown.subject
    assert Subscription.objects.filter(email="known@example.org").count() == 1


def test_a_second_request_before_confirming_sends_a_new_link_for_the_same_row(
    client, on_commit, followed
):
    ask(client, on_commit, "reader@example.org", **followed)
    ask(client, on_commit, "READER@example.org", **followed)

    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 2


def test_a_wrong_address_is_a_form_error_and_keeps_what_was_chosen(client, on_commit, followed):
    response = ask(client, on_commit, "not an address", recruiting_only="on", **followed)

    assert response.status_code == 400
    content = response.content.decode()
    assert "Enter a valid email address." in read(response).text
    assert 'aria-invalid="true"' in content
    assert 'name="recruiting_only" id="id_recruiting_only" checked' in content
    assert mail.outbox == [] and Subscription.objects.count() == 0


# Links ----------------------------------------------------------------------------------------


def expired_token(subscription, monkeypatch, settings):
    past = timezone.now() - timedelta(days=settings.ALERTS_CONFIRMATION_DAYS, minutes=1)
    monkeypatch.setattr(signing.time, "time", lambda: past.timestamp())
    token = make_token(subscription, CONFIRM)
    monkeypatch.undo()
    return token


def test_an_expired_confirmation_link_says_so_and_confirms_nothing(
    client, on_commit, followed, monkeypatch, settings
):
    ask(client, on_commit, "reader@example.org", **followed)
    subscription = Subscription.objects.get()
    path = f"/en/alerts/confirm/{expired_token(subscription, monkeypatch, settings)}/"

    for response in (client.get(path), client.post(path)):
        assert response.status_code == 410
        assert "This confirmation link has expired." in read(response).text
    assert Subscription.objects.get().confirmed_at is None


@pytest.mark.parametrize("kind", ["confirm", "unsubscribe", "delete"])
def test_a_forged_or_cut_link_says_it_is_not_valid_and_changes_nothing(
    client, on_commit, followed, kind
):
    confirmed(client, on_commit, "reader@example.org", **followed)
    ask(client, on_commit, "reader@example.org", **followed)
    path = link(mail.outbox[-1], "unsubscribe" if kind == "unsubscribe" else "delete")
    if kind == "confirm":
        path = path.replace("/delete/", "/confirm/")  # a token of another purpose
    token = path.split("/")[-2]
    forged = [
        path.replace(token, token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")),
        path.replace(token, token[: len(token) // 2]),
    ]
    if kind == "confirm":
        forged.append(path)

    for address in forged:
        for response in (client.get(address), client.post(address)):
            assert response.status_code == 400, address
            assert "This link is not valid" in read(response).text
    assert Subscription.objects.count() == 1


def test_a_link_of_a_deleted_subscription_does_not_reach_a_new_one(client, on_commit, followed):
    confirmed(client, on_commit, "first@example.org", **followed)
    ask(client, on_commit, "first@example.org", **followed)
    old = link(mail.outbox[-1], "unsubscribe")
    Subscription.objects.all().delete()
    confirmed(client, on_commit, "second@example.org", **followed)

    response = client.post(old)

    assert response.status_code == 200  # “stopped”: that subscription is gone
    assert Subscription.objects.filter(email="second@example.org").exists()


# The admin ------------------------------------------------------------------------------------


def staff(username, *codenames):
    user = User.objects.create_user(username, password="password", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="alerts", codename__in=codenames)
    )
    return user


def test_the_admin_shows_counts_to_staff_and_addresses_only_with_the_permission(
    client, on_commit, followed
):
    confirmed(client, on_commit, "confirmed@example.org", **followed)
    confirmed(client, on_commit, "another@example.org", country="IT")
    ask(client, on_commit, "pending@example.org", **followed)
    addresses = ("confirmed@example.org", "another@example.org", "pending@example.org")
    counter = staff("counter", "view_subscription")
    allowed = staff("allowed", "view_subscription", "view_subscriber_address")

    client.force_login(counter)
    listing = client.get("/admin/alerts/subscription/", {"q": "confirmed@example.org"})
    detail = client.get(f"/admin/alerts/subscription/{Subscription.objects.first().pk}/change/")
    counts = {row[0]: row[1] for row in read(listing).rows if len(row) == 2}
    client.force_login(allowed)
    full = client.get("/admin/alerts/subscription/")

    assert listing.status_code == detail.status_code == 200
    assert counts["Confirmed"] == "2" and counts["Waiting for confirmation"] == "1"
    assert counts[f"Confirmed, following: {FollowedKind.COUNTRY.label}"] == "1"
    for address in addresses:
        assert address not in listing.content.decode()
        assert address not in detail.content.decode()
        assert address in full.content.decode()
    # Without the permission a search by address finds nothing out: it is not a search.
    assert "Changes to the trials in Italy" in read(listing).text
    assert client.get("/admin/alerts/subscription/add/").status_code == 403
