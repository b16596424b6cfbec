"""Registry API clients: ClinicalTrials.gov API v2 and the EU CTIS public API.

Both retry a timeout, a dropped connection or a 5xx with exponential backoff, wait as long as a
429's `Retry-After` asks, and name the project and a contact in their User-Agent. They only
fetch: records go on to `importers.sources.SourceItem` and the one import path.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx
import orjson
from django.conf import settings
from django.utils import timezone

from trials.identifiers import parse_identifier

from .sources import SourceItem

# The CTIS search returns at most this many trials per page.
CTIS_PAGE_SIZE_LIMIT = 100
# What one CTIS search returns at most (as rfhb/ctrdata found, its issue #59).
CTIS_RESULTS_LIMIT = 10_000
# The fields of a CTIS search result that its retrieved record lacks (status, countries, dates);
# the search's `id`, number and abridged texts are the retrieved record's own, better, copies.
CTIS_OVERVIEW_LEFT_OUT = {
    "id",
    "ctNumber",
    "product",
    "endPoint",
    "eudraCtInfo",
    "ctTitle",
    "primaryEndPoint",
    "sponsor",
    "conditions",
}


NOT_FETCHABLE = "%(value)s cannot be fetched: only ClinicalTrials.gov (NCT) and EU CTIS numbers can"


class RegistryError(Exception):
    """A registry request failed for good: the message says which request and why."""


class TransientRegistryError(RegistryError):
    """A registry request failed after every retry for a reason that may pass (timeouts, 5xx,
    429): worth trying again later."""


class RecordNotFound(RegistryError):
    """The registry has no record under that number."""


class MalformedResponse(RegistryError):
    """The registry answered with something that is not the JSON it documents."""


def pause(seconds: float) -> None:
    """Wait before a retry (a name of its own, for tests to record the waits)."""
    time.sleep(seconds)


def user_agent() -> str:
    contact = settings.REGISTRY_CONTACT
    return (
        f"trial-summaries/1.0 (plain-language trial summaries{'; ' + contact if contact else ''})"
    )


def retry_after_seconds(value: str | None) -> float | None:
    """A `Retry-After` header in seconds: either a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - timezone.now()).total_seconds())


class RegistryClient:
    name = "registry"

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float = 1.0,
        max_wait: float = 300.0,
        sleep: Callable[[float], None] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.retries = settings.REGISTRY_RETRIES if retries is None else retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.sleep = sleep or pause
        self.http = httpx.Client(
            base_url=self.base_url,
            timeout=settings.REGISTRY_TIMEOUT if timeout is None else timeout,
            headers={"User-Agent": user_agent(), "Accept": "application/json"},
            follow_redirects=True,
        )

    def close(self):
        self.http.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def request_json(self, method: str, path: str, **kwargs):
        """The decoded JSON body of a successful response, after retries where they may help."""
        url = f"{self.base_url}{path}"
        for attempt in range(self.retries + 1):
            wait = self.backoff * 2**attempt
            try:
                response = self.http.request(method, path, **kwargs)
            except httpx.TimeoutException:
                reason = "timed out"
            except httpx.TransportError as error:
                reason = f"connection failed ({error})"
            else:
                status = response.status_code
                if status == 429:
                    reason = "too many requests (HTTP 429)"
                    asked = retry_after_seconds(response.headers.get("Retry-After"))
                    wait = wait if asked is None else asked
                elif status >= 500:
                    reason = f"server error (HTTP {status})"
                elif status == 404:
                    raise RecordNotFound(f"{self.name}: no record at {url} (HTTP 404)")
                elif status >= 400:
                    raise RegistryError(
                        f"{self.name}: {url} refused the request (HTTP {status}): "
                        f"{response.text[:200]}"
                    )
                else:
                    try:
                        return orjson.loads(response.content)
                    except orjson.JSONDecodeError as error:
                        raise MalformedResponse(
                            f"{self.name}: {url} answered with invalid JSON ({error})"
                        ) from error
            if attempt == self.retries:
                raise TransientRegistryError(
                    f"{self.name}: {url} {reason}, {self.retries + 1} attempts"
                )
            self.sleep(min(wait, self.max_wait))
        raise AssertionError("unreachable")


@dataclass(frozen=True)
class Page:
    records: list
    next_cursor: object  # where the next page starts (a token, a number), None after the last


class CtgovClient(RegistryClient):
    """ClinicalTrials.gov API v2: `/studies` searches, paged by `pageToken`; `/studies/{nctId}`."""

    name = "ClinicalTrials.gov"
    QUERY_PARAMETERS = {
        "condition": "query.cond",
        "intervention": "query.intr",
        "sponsor": "query.spons",
        "country": "query.locn",
        "query": "query.term",
    }

    def __init__(self, base_url: str | None = None, **kwargs):
        super().__init__(base_url or settings.CTGOV_API_URL, **kwargs)

    def study(self, nct_id: str) -> dict:
        identifier = parse_identifier(nct_id)
        if identifier.registry.code != "NCT":
            raise RegistryError(f"{nct_id} is not a ClinicalTrials.gov number")
        study = self.request_json("GET", f"/studies/{identifier.value}")
        if not isinstance(study, dict):
            raise MalformedResponse(f"{self.name}: {identifier.value} is not a JSON object")
        return study

    def search_params(self, kind: str, value: str, *, updated_since: str | None = None) -> dict:
        params = {self.QUERY_PARAMETERS[kind]: value}
        if updated_since:
            params["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{updated_since},MAX]"
        return params

    def pages(self, params: dict, *, page_token: str | None = None, page_size: int = 100):
        """Each page of a search, from `page_token` on; a page's `next_cursor` is its token."""
        while True:
            query = {**params, "pageSize": page_size, "format": "json"}
            if page_token:
                query["pageToken"] = page_token
            body = self.request_json("GET", "/studies", params=query)
            if not isinstance(body, dict) or not isinstance(body.get("studies"), list):
                raise MalformedResponse(
                    f"{self.name}: a /studies page without a list of studies"
                    + (f" (page {page_token})" if page_token else "")
                )
            page_token = body.get("nextPageToken") or None
            yield Page(body["studies"], page_token)
            if page_token is None:
                return


def last_update_posted(study) -> str:
    """A CT.gov study's LastUpdatePostDate (YYYY-MM-DD), or "" where it has none."""
    try:
        value = study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"]
    except (KeyError, TypeError):
        return ""
    return value if isinstance(value, str) else ""


class CtisClient(RegistryClient):
    """The EU CTIS public API: POST `/search` (paged overviews), GET `/retrieve/{ctNumber}`."""

    name = "EU CTIS"
    SEARCH_CRITERIA = {
        "condition": "medicalCondition",
        "intervention": "productName",
        "sponsor": "sponsor",
        "query": "containAll",
    }

    def __init__(self, base_url: str | None = None, **kwargs):
        super().__init__(base_url or settings.CTIS_API_URL, **kwargs)

    def search_criteria(self, kind: str, value: str) -> dict:
        if kind not in self.SEARCH_CRITERIA:
            raise RegistryError(f"{self.name} cannot be searched by {kind}")
        return {self.SEARCH_CRITERIA[kind]: value}

    def search_page(self, criteria: dict, *, page: int = 1, size: int = CTIS_PAGE_SIZE_LIMIT):
        body = self.request_json(
            "POST",
            "/search",
            json={
                "pagination": {"page": page, "size": min(size, CTIS_PAGE_SIZE_LIMIT)},
                "searchCriteria": criteria,
                "sort": {"property": "decisionDate", "direction": "DESC"},
            },
        )
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise MalformedResponse(f"{self.name}: search page {page} without a list of trials")
        pagination = body.get("pagination") or {}
        if not isinstance(pagination, dict):
            pagination = {}
        total = pagination.get("totalRecords")
        if isinstance(total, int) and total > CTIS_RESULTS_LIMIT:
            # The portal serves the first 10,000 and no more, without saying so.
            raise RegistryError(
                f"{self.name} gives at most {CTIS_RESULTS_LIMIT:,} trials for one search and "
                f"this one matches {total:,}: narrow it (a condition, a medicine or a sponsor)"
            )
        total_pages = pagination.get("totalPages")
        last = not body["data"] or not isinstance(total_pages, int) or page >= total_pages
        return Page(body["data"], None if last else page + 1)

    def pages(self, criteria: dict, *, page: int = 1, page_size: int = CTIS_PAGE_SIZE_LIMIT):
        """Each page of overviews, from page `page` on; a page's `next_cursor` is its number."""
        next_page = page
        while next_page is not None:
            result = self.search_page(criteria, page=next_page, size=page_size)
            yield result
            next_page = result.next_cursor

    def retrieve(self, ct_number: str, overview: dict | None = None) -> dict:
        """The full record of one trial, completed with its search overview as ctrdata does."""
        identifier = parse_identifier(ct_number)
        if identifier.registry.code != "EUCT":
            raise RegistryError(f"{ct_number} is not an EU CT number")
        record = self.request_json("GET", f"/retrieve/{identifier.value}")
        if not isinstance(record, dict):
            raise MalformedResponse(f"{self.name}: {identifier.value} is not a JSON object")
        if overview is None:
            overview = self.overview(identifier.value)
        extra = {k: v for k, v in (overview or {}).items() if k not in CTIS_OVERVIEW_LEFT_OUT}
        return {**record, **extra, "ctNumber": identifier.value}

    def overview(self, ct_number: str) -> dict | None:
        page = self.search_page({"number": ct_number}, size=10)
        return next(
            (o for o in page.records if isinstance(o, dict) and o.get("ctNumber") == ct_number),
            None,
        )


def registry_items(identifiers, *, ctgov: CtgovClient, ctis: CtisClient):
    """One `SourceItem` per ClinicalTrials.gov or CTIS number: its record, or why it could not
    be fetched (one failure never stops the others)."""
    for raw in identifiers:
        identifier = parse_identifier(raw)
        label = f"{identifier.registry.code} {identifier.value}"
        try:
            if identifier.registry.code == "NCT":
                yield SourceItem(label, payload=ctgov.study(identifier.value))
            elif identifier.registry.code == "EUCT":
                yield SourceItem(label, payload=ctis.retrieve(identifier.value))
            else:
                yield SourceItem(label, error=NOT_FETCHABLE % {"value": identifier.value})
        except RegistryError as error:
            yield SourceItem(label, error=str(error))
