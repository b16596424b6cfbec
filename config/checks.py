"""System checks of the deployment: several workers need a shared cache."""

import os
import re
import shlex

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def configured_workers(environ=os.environ):
    """The gunicorn workers the environment asks for (WEB_CONCURRENCY, GUNICORN_CMD_ARGS), or
    None where it does not say."""
    args = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
    for index, arg in enumerate(args):
        if arg in ("-w", "--workers") and index + 1 < len(args):
            return _number(args[index + 1])
        if found := re.fullmatch(r"(?:-w|--workers=)(\d+)", arg):
            return int(found.group(1))
    return _number(environ.get("WEB_CONCURRENCY", ""))


def _number(text):
    return int(text) if text.strip().isdigit() else None


@register(Tags.caches)
def shared_cache_for_several_workers(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in LOCAL_CACHES:
        return []
    workers = configured_workers()
    if workers is not None and workers > 1:
        reason = f"{workers} workers are configured"
    elif not settings.DEBUG and workers is None:
        reason = "DEBUG is off (a production server usually runs several workers)"
    else:
        return []
    return [
        Warning(
            f"The cache is local to each process ({backend}) and {reason}.",
            hint="With several workers set CACHE_URL to a shared cache (redis://...): each "
            "worker would otherwise count API requests against the rate limit on its own and "
            "serve cached pages after the content changed.",
            id="config.W001",
        )
    ]
