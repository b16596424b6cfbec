import pytest
from django.core.cache import cache
from django.core.management import call_command

from sync.models import FollowedSearch
from sync.syncing import AlreadyRunning, search_lock, sync_search
from trials.importers.clients import MalformedResponse, RegistryError, TransientRegistryError
from trials.models import Trial

from .registry_server import Reply, ctgov_pages, fixture

pytestmark = pytest.mark.django_db

PAGE_ONE = ["NCT01640457", "NCT03607838"]
PAGE_TWO = ["NCT00711542", "NCT00973089"]


@pytest.fixture
def followed(settings):
    settings.SYNC_PAGE_SIZE = 2
    return FollowedSearch.objects.create(
        registry="ctgov", kind="condition", value="disc herniation", publish=True
    )


def identifiers():
    return sorted(Trial.objects.values_list("primary_identifier", flat=True))


def test_followed_search_imports_every_page_and_remembers_the_newest_update(registry, followed):
    registry.routes["/ctgov/studies"] = ctgov_pages(PAGE_ONE, PAGE_TWO)
    report = sync_search(followed)
    assert (report.created, report.failed) == (4, 0)
    assert identifiers() == sorted(PAGE_ONE + PAGE_TWO)
    followed.refresh_from_db()
    newest = max(
        fixture("ctgov", n)["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
        for n in PAGE_ONE + PAGE_TWO
    )
    assert followed.cursor == {"since": newest}
    assert (followed.records_done, followed.records_failed) == (4, 0)
    assert followed.last_synced_at is not None and followed.running_since is None
    # The next run asks only for what was updated since, and writes nothing unchanged.
    again = sync_search(followed)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert registry.requests[-2].query["filter.advanced"] == (
        f"AREA[LastUpdatePostDate]RANGE[{newest},MAX]"
    )


def test_interrupted_sync_resumes_from_the_cursor_and_writes_only_what_changed(
    registry, followed, no_waiting
):
    registry.routes["/ctgov/studies"] = ctgov_pages(
        PAGE_ONE, PAGE_TWO, broken={2: Reply(b"down", status=503)}
    )
    with pytest.raises(TransientRegistryError):
        sync_search(followed)
    followed.refresh_from_db()
    assert identifiers() == sorted(PAGE_ONE)
    assert followed.cursor["page_token"] == "page-2"
    assert followed.records_done == 2 and followed.running_since is None
    assert followed.last_result.startswith("Stopped: ClinicalTrials.gov")

    registry.requests.clear()
    registry.routes["/ctgov/studies"] = ctgov_pages(PAGE_ONE, PAGE_TWO)
    report = sync_search(followed)
    assert registry.requests[0].query["pageToken"] == "page-2"
    assert (report.created, report.unchanged) == (2, 0)
    assert identifiers() == sorted(PAGE_ONE + PAGE_TWO)
    assert "page_token" not in FollowedSearch.objects.get().cursor


def test_malformed_page_stops_the_sync_and_keeps_the_good_records(registry, followed):
    registry.routes["/ctgov/studies"] = ctgov_pages(
        PAGE_ONE, PAGE_TWO, broken={2: Reply(b"<html>maintenance</html>")}
    )
    with pytest.raises(MalformedResponse, match="invalid JSON"):
        sync_search(followed)
    assert identifiers() == sorted(PAGE_ONE)
    followed.refresh_from_db()
    assert "invalid JSON" in followed.last_result
    assert followed.cursor["page_token"] == "page-2"


def test_a_malformed_record_fails_alone_and_the_others_are_imported(registry, followed):
    broken = {"protocolSection": {"statusModule": {}}}
    registry.routes["/ctgov/studies"] = ctgov_pages([PAGE_ONE[0], broken, "not a study"])
    report = sync_search(followed)
    assert (report.created, report.failed) == (1, 2)
    assert identifiers() == [PAGE_ONE[0]]
    followed.refresh_from_db()
    assert followed.records_failed == 2
    assert "without an NCT identifier" in followed.last_result


def test_a_search_runs_only_once_at_a_time(registry, followed):
    with search_lock(followed.pk):
        with pytest.raises(AlreadyRunning):
            sync_search(followed)
    assert registry.requests == []
    assert cache.add(f"sync:followed-search:{followed.pk}", "free", timeout=1)


def test_ctis_followed_search_retrieves_each_trial_changed_since_the_last_run(registry, settings):
    settings.SYNC_PAGE_SIZE = 100
    numbers = ["2024-512095-35-00", "2022-500244-37-00"]
    records = {n: fixture("ctis", n) for n in numbers}
    registry.routes["/ctis/search"] = [
        Reply(
            {
                "pagination": {"totalPages": 1},
                "data": [
                    {"ctNumber": n, "lastUpdated": r["lastUpdated"]} for n, r in records.items()
                ],
            }
        )
    ]
    for number, record in records.items():
        registry.routes[f"/ctis/retrieve/{number}"] = [Reply(record)]
    search = FollowedSearch.objects.create(registry="ctis", kind="condition", value="cancer")
    report = sync_search(search)
    assert (report.created, report.failed) == (2, 0)
    assert sorted(identifiers()) == sorted(numbers)
    assert not Trial.objects.published().exists()  # the search keeps new trials as drafts
    search.refresh_from_db()
    newest = max(r["lastUpdated"] for r in records.values())
    assert search.cursor == {"since": newest}
    registry.requests.clear()
    sync_search(search)
    retrieved = [r.path for r in registry.requests if r.path.startswith("/ctis/retrieve")]
    older = min(numbers, key=lambda n: records[n]["lastUpdated"])
    assert f"/ctis/retrieve/{older}" not in retrieved


def test_a_ctis_followed_search_too_broad_for_the_portal_stops_saying_so(registry):
    registry.routes["/ctis/search"] = [
        Reply({"pagination": {"totalPages": 101, "totalRecords": 10_050}, "data": []})
    ]
    search = FollowedSearch.objects.create(registry="ctis", kind="condition", value="cancer")
    with pytest.raises(RegistryError, match="narrow it"):
        sync_search(search)
    search.refresh_from_db()
    assert search.last_result.startswith("Stopped: EU CTIS gives at most 10,000 trials")
    assert search.running_since is None
    assert not any(r.path.startswith("/ctis/retrieve") for r in registry.requests)


def test_sync_trials_command_fetches_the_given_numbers(registry, capsys):
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply(fixture("ctgov", "NCT01640457"))]
    registry.routes["/ctis/retrieve/2024-512095-35-00"] = [
        Reply(fixture("ctis", "2024-512095-35-00"))
    ]
    registry.routes["/ctis/search"] = [Reply({"pagination": {"totalPages": 0}, "data": []})]
    call_command("sync_trials", "NCT01640457", "2024-512095-35-00")
    assert identifiers() == ["2024-512095-35-00", "NCT01640457"]
    assert "2 created, 0 updated, 0 unchanged, 0 failed" in capsys.readouterr().out


def test_sync_trials_command_refuses_a_malformed_number(registry):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a trial registry identifier"):
        call_command("sync_trials", "NCT123")
    with pytest.raises(CommandError, match="only ClinicalTrials.gov"):
        call_command("sync_trials", "2015-001894-41")
    assert registry.requests == []


def test_sync_trials_followed_runs_every_enabled_search(registry, followed, capsys):
    FollowedSearch.objects.create(registry="ctgov", kind="sponsor", value="x", enabled=False)
    registry.routes["/ctgov/studies"] = ctgov_pages(PAGE_ONE)
    call_command("sync_trials", "--followed")
    assert identifiers() == sorted(PAGE_ONE)
    assert len(registry.requests) == 1
    assert "disc herniation" in capsys.readouterr().out
