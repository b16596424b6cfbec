from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class TrialsConfig(AppConfig):
    name = "trials"
    verbose_name = _("Clinical trials")

    def ready(self):
        from config import caching, checks  # noqa: F401 (checks register themselves)

        from . import statistics
        from .search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions)
        statistics.connect()
        caching.connect()
