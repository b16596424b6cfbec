"""Public reads from a read replica: with `DATABASE_REPLICA_URL` set, the requests of readers
(GET or HEAD, without a login session) read from the replica; everything else (editors, the
admin, writes, imports, management commands) uses the primary. A reader never writes, so a
replica a few moments behind shows a page a few moments old, and nothing is lost."""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_reading_for_readers = ContextVar("reading_for_readers", default=False)


def is_reader_request(request):
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_for_readers.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReaderRequestMiddleware:
    """Marks a reader's request, so that the router sends its reads to the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reading_for_readers.set(is_reader_request(request))
        try:
            return self.get_response(request)
        finally:
            _reading_for_readers.reset(token)
