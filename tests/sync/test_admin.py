import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sync.models import FollowedSearch
from trials.models import Trial

from .registry_server import Reply, fixture

pytestmark = pytest.mark.django_db
URL = reverse("admin:sync_add_from_registry")


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_editor_adds_a_trial_from_its_registry_as_a_draft(admin_client, registry):
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply(fixture("ctgov", "NCT01640457"))]
    response = admin_client.post(URL, {"identifier": " nct01640457 ", "publish": "0"}, follow=True)
    trial = Trial.objects.get(primary_identifier="NCT01640457")
    assert response.redirect_chain[-1][0] == reverse("admin:trials_trial_change", args=[trial.pk])
    assert "NCT01640457 was imported: 1 created" in messages_of(response)[0]
    assert trial.state == "draft"


def test_publisher_adds_a_trial_published(admin_client, registry):
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply(fixture("ctgov", "NCT01640457"))]
    admin_client.post(URL, {"identifier": "NCT01640457", "publish": "1"})
    assert Trial.objects.published().filter(primary_identifier="NCT01640457").exists()


def test_a_malformed_number_is_refused_with_the_accepted_formats(admin_client, registry):
    response = admin_client.post(URL, {"identifier": "NCT123", "publish": "0"})
    assert response.status_code == 200
    assert "is not a trial registry identifier" in response.content.decode()
    assert registry.requests == []


def test_a_registry_error_is_shown_and_nothing_is_written(admin_client, registry, no_waiting):
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply(b"down", status=503)]
    response = admin_client.post(URL, {"identifier": "NCT01640457", "publish": "0"}, follow=True)
    (message,) = messages_of(response)
    assert "NCT01640457 could not be imported" in message and "HTTP 503" in message
    assert not Trial.objects.exists()


def test_only_publishers_may_choose_to_publish(client, django_user_model, registry):
    editor = django_user_model.objects.create_user("ed", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="add_trial"))
    client.force_login(editor)
    response = client.post(URL, {"identifier": "NCT01640457", "publish": "1"})
    assert "Select a valid choice" in response.content.decode()
    assert registry.requests == []


def test_the_followed_searches_list_shows_progress_and_links_the_page(admin_client):
    FollowedSearch.objects.create(
        registry="ctgov", kind="condition", value="asthma", records_done=12, records_failed=3
    )
    page = admin_client.get(reverse("admin:sync_followedsearch_changelist")).content.decode()
    assert "asthma" in page and ">12<" in page and ">3<" in page
    assert URL in page


def test_ctis_searches_cannot_be_followed_by_country(admin_client):
    response = admin_client.post(
        reverse("admin:sync_followedsearch_add"),
        {"registry": "ctis", "kind": "country", "value": "Italy", "enabled": "on"},
    )
    assert "cannot be followed by country" in response.content.decode()
    assert not FollowedSearch.objects.exists()
