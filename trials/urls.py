from django.urls import path

from . import discovery, views
from .feeds import ConditionChangeFeed, CountryChangeFeed, InterventionChangeFeed, TrialFeed

urlpatterns = [
    # The home page was the list of interventions; its name stays for the links to it.
    path("", discovery.home, name="intervention_list"),
    path("search/", discovery.search, name="search"),
    path("feeds/trials/", TrialFeed(), name="trial_feed"),
    path(
        "feeds/changes/interventions/<slug:slug>/",
        InterventionChangeFeed(),
        name="intervention_change_feed",
    ),
    path(
        "feeds/changes/conditions/<slug:slug>/",
        ConditionChangeFeed(),
        name="condition_change_feed",
    ),
    path("feeds/changes/countries/<str:code>/", CountryChangeFeed(), name="country_change_feed"),
    path("interventions/", discovery.intervention_index, name="intervention_index"),
    path("interventions/<slug:slug>/", views.intervention_detail, name="intervention_detail"),
    path("conditions/", discovery.condition_index, name="condition_index"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("trials/<path:identifier>/", views.trial_detail, name="trial_detail"),
]
