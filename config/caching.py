"""What readers' caches key on: one content version, bumped by every change of what a page or
an API response shows (a save, a delete, a publication, an import batch). Cached pages and
lists are keyed by it, so a change reaches every reader at once without hunting for keys.

With several processes the cache must be shared (Redis, `CACHE_URL`); the local-memory
default suits one process, as `make run` serves."""

import gzip
import hashlib
import re
import time
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
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
    staff previews always reach the view.

    Each response is kept as it is and, when it is text, compressed once with gzip: clients
    that accept gzip (browsers, crawlers) get that copy, with an ETag of its own. The cached
    pages hold nothing of one reader, so compression tells nothing about a secret (BREACH)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._cacheable(request):
            return self.get_response(request)
        version = content_version()
        key = self._key(request, version)
        # With the cache off (READER_CACHE_SECONDS=0) nothing is kept, or compressed.
        keeping = settings.READER_CACHE_SECONDS > 0
        gzipped = keeping and accepts_gzip(request)
        # A client that takes gzip may hold either copy; one that does not, the plain one only.
        held = request.headers.get("If-None-Match", "")
        for etag in (f'"{key}-gzip"', f'"{key}"') if gzipped else (f'"{key}"',):
            if etag in held:
                return self._headed(HttpResponseNotModified(), etag, version)
        cached = cache.get(f"reader-page:{key}-gzip" if gzipped else f"reader-page:{key}")
        if cached is not None:
            return self._served(cached, key, version)
        response = self.get_response(request)
        if not self._storable(response):
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        headers = [
            (name, value) for name, value in response.items() if name.lower() in KEPT_HEADERS
        ]
        status, content = response.status_code, response.content
        plain = (status, headers, content, False)
        compressible = (
            keeping
            and len(content) >= MIN_COMPRESSED
            and COMPRESSIBLE.match(response.get("Content-Type", ""))
        )
        encoded = (
            (status, headers, gzip.compress(content, compresslevel=6, mtime=0), True)
            if compressible
            else plain
        )
        if keeping:
            # One copy for each kind of client, so that a request reads only the one it is sent.
            cache.set_many(
                {f"reader-page:{key}": plain, f"reader-page:{key}-gzip": encoded},
                settings.READER_CACHE_SECONDS,
            )
        if gzipped and compressible:
            response.content = encoded[2]
            response["Content-Encoding"] = "gzip"
            response["Content-Length"] = str(len(response.content))
            return self._headed(response, f'"{key}-gzip"', version)
        return self._headed(response, f'"{key}"', version)

    def _served(self, kept, key, version):
        status, headers, content, encoded = kept
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        if encoded:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(content))
        return self._headed(response, f'"{key}-gzip"' if encoded else f'"{key}"', version)

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


# Smaller responses gain little from compression; these types are text.
MIN_COMPRESSED = 512
COMPRESSIBLE = re.compile(r"^(text/|application/(json|xml|atom\+xml|ld\+json))")
_GZIP = re.compile(r"(?:^|,)\s*gzip\s*(?:;\s*q\s*=\s*([0-9.]+))?\s*(?:,|$)", re.IGNORECASE)


def accepts_gzip(request):
    """Whether the request's Accept-Encoding takes gzip (not with q=0)."""
    found = _GZIP.search(request.headers.get("Accept-Encoding", ""))
    if not found:
        return False
    try:
        return found.group(1) is None or float(found.group(1)) > 0
    except ValueError:
        return False


# Where nothing is cached: the editors' side, what sets the reader's language, the health check.
UNCACHED_PATHS = ("/admin/", "/language/", "/i18n/", "/healthz")
KEPT_HEADERS = {
    "content-type",
    "content-language",
    "vary",
    "x-content-type-options",
    "referrer-policy",
    "allow",
    "link",
    "x-frame-options",
}
