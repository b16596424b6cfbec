"""What readers' caches key on: one content version, bumped by every change of what a page or
an API response shows (a save, a delete, a publication, an import batch). Cached pages and
lists are keyed by it, so a change reaches every reader at once without hunting for keys.

With several processes the cache must be shared (Redis, `CACHE_URL`); the local-memory
default suits one process, as `make run` serves."""

import time
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

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
