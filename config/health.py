"""The health check for load balancers: `/healthz` answers 200 when every database and the
cache answer within a couple of seconds, 503 otherwise, in JSON, never cached or throttled."""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connections, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# How long a query may take before the database counts as down (PostgreSQL); connecting and
# the cache are bounded by their own timeouts (DATABASE_CONNECT_TIMEOUT, the cache's OPTIONS).
STATEMENT_TIMEOUT_MS = 2000


def database_answers(alias):
    connection = connections[alias]
    try:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL statement_timeout = %s", [STATEMENT_TIMEOUT_MS])
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database %r does not answer", alias)
        connection.close()  # the next request opens a new one
        return False


def cache_answers():
    # A key of its own: checks running at once in other workers must not overwrite it.
    value = uuid.uuid4().hex
    key = f"health-check:{value}"
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
        return answered
    except Exception:  # each backend raises its own errors (redis, memcached, OS errors)
        logger.exception("Health check: the cache does not answer")
        return False


@never_cache
@require_safe
@transaction.non_atomic_requests
def health(request):
    checks = {alias: database_answers(alias) for alias in connections}
    checks = {f"database:{alias}": ok for alias, ok in checks.items()}
    checks["cache"] = cache_answers()
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
