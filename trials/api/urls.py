"""API v1. Routes are written out because trial identifiers may contain slashes
(CTRI/2020/05/025123): a trial's `summary/` route must be matched before its detail route."""

from django.urls import path

from .views import (
    ChangeViewSet,
    ConditionViewSet,
    InterventionViewSet,
    TermViewSet,
    TrialViewSet,
)

app_name = "api"

LIST = {"get": "list"}
DETAIL = {"get": "retrieve"}
SUMMARY = {"get": "summary"}

urlpatterns = [
    path("interventions/", InterventionViewSet.as_view(LIST), name="intervention-list"),
    path(
        "interventions/<slug:slug>/summary/",
        InterventionViewSet.as_view(SUMMARY),
        name="intervention-summary",
    ),
    path(
        "interventions/<slug:slug>/",
        InterventionViewSet.as_view(DETAIL),
        name="intervention-detail",
    ),
    path("trials/", TrialViewSet.as_view(LIST), name="trial-list"),
    path(
        "trials/<path:identifier>/summary/",
        TrialViewSet.as_view(SUMMARY),
        name="trial-summary",
    ),
    path("trials/<path:identifier>/", TrialViewSet.as_view(DETAIL), name="trial-detail"),
    path("changes/", ChangeViewSet.as_view(LIST), name="change-list"),
    path("conditions/", ConditionViewSet.as_view(LIST), name="condition-list"),
    path("conditions/<slug:slug>/", ConditionViewSet.as_view(DETAIL), name="condition-detail"),
    path("glossary/", TermViewSet.as_view(LIST), name="term-list"),
    path("glossary/<slug:slug>/", TermViewSet.as_view(DETAIL), name="term-detail"),
]
