"""What readers' caches key on: one content version, bumped by every change of what a page or
an API response shows (a save, a delete, a publication, an import batch). Cached pages and
lists are keyed by it, so a change reaches every reader at once without hunting for keys.

With several processes the cache must be shared (Redis, `CACHE_URL`); the local-memory
default suits one process, as `make run` serves."""

import hashlib
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date

from .replicas import is_reader_request

VERSION_KEY = "content-version"
# The apps whose models pages show.
CONTENT_APPS = {"trials", "glossary", "editorial"}


class ContentVersion(NamedTuple):
    number: int
    changed_at: int  # a Unix time


def content_version():
    """The current version: a number that grows, with the time it last changed."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, (1, int(time.time())), timeout=None)
        version = cache.get(VERSION_KEY, (1, int(time.time())))
    return ContentVersion(*version)


def bump_content_version():
    cache.set(VERSION_KEY, (content_version().number + 1, int(time.time())), timeout=None)


def bump_after_commit():
    transaction.on_commit(bump_content_version)


def _changed(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
        # Now, and again once committed: a reader between the two sees the old page, never a
        # page of uncommitted data cached for good.
        bump_content_version()
        bump_after_commit()


def connect():
    post_save.connect(_changed, dispatch_uid="content-version-saved")
    post_delete.connect(_changed, dispatch_uid="content-version-deleted")
    m2m_changed.connect(_changed, dispatch_uid="content-version-m2m")


class ReaderCacheMiddleware:
    """Readers' pages and API responses from the cache, keyed by the content version: a
    repeated request costs a cache read, and one whose ETag the reader holds costs no more (the
    ETag is known before anything is rendered). Editors (with a login session), writes and
    staff previews always reach the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        version = content_version()
        key = self._key(request, version)
        etag = f'"{key}"'
        if etag in request.headers.get("If-None-Match", ""):
            return self._headed(HttpResponseNotModified(), etag, version)
        cached = cache.get(f"page:{key}")
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return self._headed(response, etag, version)
        response = self.get_response(request)
        if self._storable(response):
            headers = [
                (name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS
            ]
            cache.set(
                f"page:{key}",
                (response.status_code, headers, response.content),
                settings.READER_CACHE_SECONDS,
            )
            self._headed(response, etag, version)
        return response

    @staticmethod
    def _cacheable(request):
        return (
            is_reader_request(request)
            and not request.path.startswith(UNCACHED_PATHS)
            and "sources" not in request.GET
        )

    @staticmethod
    def _key(request, version):
        parts = [
            str(version.number),
            request.get_full_path(),
            request.headers.get("Accept-Language", ""),
            request.headers.get("Accept", ""),
        ]
        return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()

    @staticmethod
    def _storable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    @staticmethod
    def _headed(response, etag, version):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(version.changed_at)
        response["Cache-Control"] = f"public, max-age={settings.READER_MAX_AGE}"
        return response


# Where nothing is cached: the editors' side, and what sets the reader's language.
UNCACHED_PATHS = ("/admin/", "/language/", "/i18n/")
KEPT_HEADERS = {
    "content-type",
    "content-language",
    "vary",
    "x-content-type-options",
    "referrer-policy",
    "allow",
    "link",
}
