from django.urls import path

from . import views

urlpatterns = [
    path("", views.intervention_list, name="intervention_list"),
    path("interventions/<slug:slug>/", views.intervention_detail, name="intervention_detail"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("trials/<path:identifier>/", views.trial_detail, name="trial_detail"),
]
