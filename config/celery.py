"""The Celery app: configured from the CELERY_* settings, tasks found in the installed apps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("trial_summaries")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
