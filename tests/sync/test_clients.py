import pytest

from trials.importers.clients import (
    CtgovClient,
    CtisClient,
    MalformedResponse,
    RecordNotFound,
    RegistryError,
    TransientRegistryError,
)

from .registry_server import Reply, ctgov_pages, fixture


def test_ctgov_study_is_fetched_by_its_number_with_a_descriptive_user_agent(registry):
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply(fixture("ctgov", "NCT01640457"))]
    with CtgovClient() as client:
        study = client.study("nct 01640457")
    assert study["protocolSection"]["identificationModule"]["nctId"] == "NCT01640457"
    agent = registry.requests[0].headers["User-Agent"]
    assert "trial-summaries" in agent and "editors@example.org" in agent


def test_ctgov_search_follows_page_tokens_with_the_last_update_filter(registry):
    registry.routes["/ctgov/studies"] = ctgov_pages(["NCT01640457", "NCT03607838"], ["NCT00711542"])
    with CtgovClient() as client:
        params = client.search_params("condition", "disc herniation", updated_since="2024-01-31")
        pages = list(client.pages(params, page_size=2))
    assert [len(page.records) for page in pages] == [2, 1]
    assert [page.next_cursor for page in pages] == ["page-2", None]
    first, second = registry.requests
    assert first.query["query.cond"] == "disc herniation"
    assert first.query["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2024-01-31,MAX]"
    assert first.query["pageSize"] == "2" and "pageToken" not in first.query
    assert second.query["pageToken"] == "page-2"


def test_429_waits_as_long_as_retry_after_says_then_succeeds(registry, no_waiting):
    registry.routes["/ctgov/studies/NCT01640457"] = [
        Reply({"message": "slow down"}, status=429, headers={"Retry-After": "7"}),
        Reply(fixture("ctgov", "NCT01640457")),
    ]
    with CtgovClient() as client:
        assert client.study("NCT01640457")["hasResults"] is False
    assert no_waiting == [7.0]
    assert len(registry.requests) == 2


def test_server_errors_are_retried_with_growing_waits(registry, no_waiting):
    registry.routes["/ctgov/studies/NCT01640457"] = [
        Reply(b"bad gateway", status=502),
        Reply(b"unavailable", status=503),
        Reply(fixture("ctgov", "NCT01640457")),
    ]
    with CtgovClient(backoff=0.5) as client:
        client.study("NCT01640457")
    assert no_waiting == [0.5, 1.0]


def test_server_errors_that_do_not_pass_end_in_a_transient_error(registry, no_waiting):
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply(b"down", status=500)]
    with CtgovClient(retries=2) as client, pytest.raises(TransientRegistryError) as error:
        client.study("NCT01640457")
    assert "server error (HTTP 500), 3 attempts" in str(error.value)
    assert len(registry.requests) == 3


def test_a_timeout_is_retried(registry, no_waiting):
    registry.routes["/ctgov/studies/NCT01640457"] = [
        Reply(fixture("ctgov", "NCT01640457"), delay=1.5),
        Reply(fixture("ctgov", "NCT01640457")),
    ]
    with CtgovClient(timeout=0.3) as client:
        assert client.study("NCT01640457")
    assert len(no_waiting) == 1


def test_a_timeout_that_does_not_pass_says_so(registry, no_waiting):
    registry.routes["/ctgov/studies/NCT01640457"] = [Reply({}, delay=1.5)]
    with CtgovClient(timeout=0.2, retries=1) as client, pytest.raises(TransientRegistryError) as e:
        client.study("NCT01640457")
    assert "timed out, 2 attempts" in str(e.value)


def test_a_malformed_body_is_a_clear_error_not_retried(registry, no_waiting):
    registry.routes["/ctgov/studies"] = [Reply(b'{"studies": [{"protocolSection": ')]
    with CtgovClient() as client, pytest.raises(MalformedResponse) as error:
        list(client.pages({"query.term": "x"}))
    assert "invalid JSON" in str(error.value)
    assert no_waiting == []


def test_a_missing_record_is_not_found(registry):
    with CtgovClient() as client, pytest.raises(RecordNotFound):
        client.study("NCT09999999")


def test_ctis_record_is_retrieved_and_completed_with_its_search_overview(registry):
    record = fixture("ctis", "2024-512095-35-00")
    overview_fields = ["ctNumber", "ctStatus", "trialCountries", "lastUpdated", "decisionDate"]
    retrieved = {k: v for k, v in record.items() if k not in overview_fields[1:]}
    registry.routes["/ctis/retrieve/2024-512095-35-00"] = [Reply(retrieved)]
    registry.routes["/ctis/search"] = [
        Reply({"pagination": {"totalPages": 1}, "data": [{k: record[k] for k in overview_fields}]})
    ]
    with CtisClient() as client:
        trial = client.retrieve("2024-512095-35-00")
    assert trial["ctStatus"] == record["ctStatus"]
    assert trial["trialCountries"] == record["trialCountries"]
    search = next(r for r in registry.requests if r.path == "/ctis/search")
    assert search.method == "POST"
    assert search.body["searchCriteria"] == {"number": "2024-512095-35-00"}


def test_ctis_searches_by_the_criteria_the_portal_knows():
    client = CtisClient(base_url="http://registry.invalid")
    assert client.search_criteria("intervention", "dupilumab") == {"productName": "dupilumab"}
    assert client.search_criteria("condition", "asthma") == {"medicalCondition": "asthma"}
    assert client.search_criteria("query", "asthma children") == {"containAll": "asthma children"}
    with pytest.raises(RegistryError, match="cannot be searched by country"):
        client.search_criteria("country", "IT")


def test_a_ctis_search_past_what_the_portal_returns_is_refused_with_a_way_out(registry):
    registry.routes["/ctis/search"] = [
        Reply(
            {
                "pagination": {"totalPages": 121, "totalRecords": 12_034},
                "data": [{"ctNumber": "n1"}],
            }
        )
    ]
    with CtisClient() as client, pytest.raises(RegistryError) as refused:
        list(client.pages(client.search_criteria("condition", "cancer")))
    assert "at most 10,000 trials for one search and this one matches 12,034" in str(refused.value)
    assert "narrow it" in str(refused.value)


def test_ctis_search_pages_by_number_until_the_last(registry):
    def search(request):
        page = request.body["pagination"]["page"]
        return Reply({"pagination": {"totalPages": 2}, "data": [{"ctNumber": f"n{page}"}]})

    registry.routes["/ctis/search"] = search
    with CtisClient() as client:
        pages = list(client.pages(client.search_criteria("condition", "neuroblastoma")))
    assert [page.records for page in pages] == [[{"ctNumber": "n1"}], [{"ctNumber": "n2"}]]
    assert registry.requests[0].body["searchCriteria"] == {"medicalCondition": "neuroblastoma"}
