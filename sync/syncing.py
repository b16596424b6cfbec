"""Fetch trials from the registries and import them, by number or by followed search.

A followed search runs page by page: each page is imported, then the cursor (the page to start
from, and the newest update seen) is saved, so that a run stopped by an error resumes where it
stopped, and the next complete run asks only for what was updated since the last one.
"""

import uuid
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from trials.importers.clients import (
    CtgovClient,
    CtisClient,
    RegistryError,
    TransientRegistryError,
    last_update_posted,
    registry_items,
)
from trials.importers.locks import advisory_key
from trials.importers.sources import SourceItem
from trials.importers.writer import ImportReport, import_items

from .models import FollowedSearch, Registry

# How many failures the last result of a search lists.
LISTED_FAILURES = 20


class AlreadyRunning(Exception):
    """Another process is syncing this followed search now."""


# The searches this process is syncing: a PostgreSQL session may take its own lock again.
_held = set()


@contextmanager
def search_lock(pk):
    """Hold the followed search's lock, shared by every process, or raise AlreadyRunning. On
    PostgreSQL an advisory lock of this process's session, which ends with it however the
    process died (`kill -9` included), so that a sync started again runs at once; elsewhere a
    lock in the cache, which expires after SYNC_LOCK_SECONDS should its holder die."""
    if pk in _held:
        raise AlreadyRunning(f"followed search {pk} is being synced already")
    if connection.vendor == "postgresql":
        with _advisory_lock(pk):
            _held.add(pk)
            try:
                yield
            finally:
                _held.discard(pk)
        return
    key = f"sync:followed-search:{pk}"
    token = uuid.uuid4().hex
    if not cache.add(key, token, timeout=settings.SYNC_LOCK_SECONDS):
        raise AlreadyRunning(f"followed search {pk} is being synced already")
    try:
        yield
    finally:
        if cache.get(key) == token:
            cache.delete(key)


@contextmanager
def _advisory_lock(pk):
    key = advisory_key(f"sync: followed search {pk}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (locked,) = cursor.fetchone()
    if not locked:
        raise AlreadyRunning(f"followed search {pk} is being synced already")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def sync_identifiers(identifiers, *, publish: bool) -> ImportReport:
    """Fetch the records of these NCT and EU CT numbers and import them."""
    with CtgovClient() as ctgov, CtisClient() as ctis:
        return import_items(registry_items(identifiers, ctgov=ctgov, ctis=ctis), publish=publish)


def sync_search(search: FollowedSearch, *, client=None) -> ImportReport:
    """Import what the followed search finds that changed since its last run, resuming a run
    that stopped midway; the progress is saved on the search after every page."""
    with search_lock(search.pk):
        report = ImportReport()
        search.running_since = timezone.now()
        search.records_done = search.records_failed = 0
        search.last_result = ""
        search.save(
            update_fields=["running_since", "records_done", "records_failed", "last_result"]
        )
        run = _sync_ctgov if search.registry == Registry.CTGOV else _sync_ctis
        client_class = CtgovClient if search.registry == Registry.CTGOV else CtisClient
        try:
            with nullcontext(client) if client else client_class() as registry:
                run(search, registry, report)
        except Exception as error:
            _save_progress(search, report, stopped=error)
            raise
        search.last_synced_at = timezone.now()
        _save_progress(search, report, finished=True)
        return report


def _sync_ctgov(search, client: CtgovClient, report):
    cursor = search.cursor or {}
    since, token = cursor.get("since"), cursor.get("page_token")
    run_since = cursor.get("run_since") if token else since
    newest = cursor.get("run_newest", "") if token else ""
    params = client.search_params(search.kind, search.value, updated_since=run_since)
    pages = client.pages(params, page_token=token, page_size=settings.SYNC_PAGE_SIZE)
    for number, page in enumerate(pages, start=1):
        items = [
            SourceItem(_ctgov_label(study, number, index), payload=study)
            if isinstance(study, dict)
            else SourceItem(_ctgov_label(study, number, index), error="not a JSON object")
            for index, study in enumerate(page.records)
        ]
        _add(report, import_items(items, publish=search.publish))
        dates = [last_update_posted(s) for s in page.records if isinstance(s, dict)]
        newest = max([newest, *dates])
        if page.next_cursor:
            search.cursor = {
                "since": since,
                "run_since": run_since,
                "page_token": page.next_cursor,
                "run_newest": newest,
            }
        else:
            search.cursor = {"since": newest or run_since}
        _save_progress(search, report)


def _ctgov_label(study, page, index):
    nct_id = ""
    if isinstance(study, dict):
        identification = (study.get("protocolSection") or {}).get("identificationModule") or {}
        nct_id = identification.get("nctId", "") if isinstance(identification, dict) else ""
    return f"ClinicalTrials.gov {nct_id}" if nct_id else f"ClinicalTrials.gov page {page}[{index}]"


def _sync_ctis(search, client: CtisClient, report):
    cursor = search.cursor or {}
    since, start = cursor.get("since"), cursor.get("page")
    run_since = cursor.get("run_since") if start else since
    newest = cursor.get("run_newest", "") if start else ""
    criteria = client.search_criteria(search.kind, search.value)
    for page in client.pages(criteria, page=start or 1, page_size=settings.SYNC_PAGE_SIZE):
        items = []
        for overview in page.records:
            number = overview.get("ctNumber") if isinstance(overview, dict) else None
            if not isinstance(number, str):
                items.append(SourceItem("EU CTIS search", error="a result without an EU CT number"))
                continue
            updated = overview.get("lastUpdated")
            updated = updated[:10] if isinstance(updated, str) else ""
            newest = max(newest, updated)
            if run_since and updated and updated < run_since:
                continue  # not changed since the last complete run
            try:
                payload = client.retrieve(number, overview)
            except TransientRegistryError:
                raise
            except RegistryError as error:
                items.append(SourceItem(f"EU CTIS {number}", error=str(error)))
            else:
                items.append(SourceItem(f"EU CTIS {number}", payload=payload))
        _add(report, import_items(items, publish=search.publish))
        if page.next_cursor:
            search.cursor = {
                "since": since,
                "run_since": run_since,
                "page": page.next_cursor,
                "run_newest": newest,
            }
        else:
            search.cursor = {"since": newest or run_since}
        _save_progress(search, report)


def _add(total: ImportReport, part: ImportReport):
    total.created += part.created
    total.updated += part.updated
    total.unchanged += part.unchanged
    total.failures.extend(part.failures)


def _save_progress(search, report, *, stopped=None, finished=False):
    search.records_done = report.done
    search.records_failed = report.failed
    lines = [f"{report.summary()}."]
    if stopped is not None:
        lines.insert(0, f"Stopped: {stopped}")
    lines += [f"failed: {failure}" for failure in report.failures[:LISTED_FAILURES]]
    if report.failed > LISTED_FAILURES:
        lines.append(f"... and {report.failed - LISTED_FAILURES} more failures.")
    search.last_result = "\n".join(lines)
    fields = ["cursor", "records_done", "records_failed", "last_result"]
    if stopped is not None or finished:
        search.running_since = None
        fields += ["running_since", "last_synced_at"]
    search.save(update_fields=fields)
