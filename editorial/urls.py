"""Editorial pages inside the admin (mounted under admin/ before the admin's own URLs)."""

from django.contrib import admin
from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path(
        "translations/",
        admin.site.admin_view(views.translation_coverage),
        name="translation_coverage",
    ),
    path("readability/", views.readability_score, name="readability"),
]
