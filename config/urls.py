from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.db import transaction
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from config.health import health
from config.views import switch_language
from trials.api.views import ApiDocsView
from trials.discovery import robots_txt
from trials.sitemaps import SITEMAPS

urlpatterns = [
    # Editorial pages live inside the admin: matched before the admin's own catch-all.
    path("admin/", include("editorial.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:language>/", switch_language, name="switch_language"),
    path("api/v1/", include("trials.api.urls")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemap_section.xml"},
        name="sitemap_section",
    ),
    path("robots.txt", robots_txt, name="robots_txt"),
    # For load balancers: outside the languages, the readers' cache and the API's throttle.
    path("healthz", health, name="health"),
    # The schema and its docs are built from code: no request transaction, no database.
    path(
        "api/schema/",
        transaction.non_atomic_requests(SpectacularAPIView.as_view()),
        name="schema",
    ),
    path(
        "api/docs/",
        transaction.non_atomic_requests(ApiDocsView.as_view(url_name="schema")),
        name="api-docs",
    ),
]

urlpatterns += i18n_patterns(
    path("", include("trials.urls")),
    path("glossary/", include("glossary.urls")),
    path("alerts/", include("alerts.urls")),
)

handler404 = "trials.views.page_not_found"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
