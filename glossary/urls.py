from django.urls import path

from . import views

urlpatterns = [
    path("", views.term_list, name="glossary"),
    path("<slug:slug>/", views.term_detail, name="glossary_term"),
]
