import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# A page makes hundreds of thousands of short-lived objects: with Python's default thresholds a
# full collection, over every object loaded since the start, runs every few requests and adds
# tens of milliseconds to them. What is loaded by now lives as long as the worker, so it is
# left out of collections, and collections run less often.
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
gc.set_threshold(50_000, 50, 100)
