from django.urls import path

from . import views

urlpatterns = [
    path("", views.subscribe_view, name="alert_subscribe"),
    path("sent/", views.sent_view, name="alert_sent"),
    path("confirm/<str:token>/", views.confirm_view, name="alert_confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe_view, name="alert_unsubscribe"),
    path("delete/<str:token>/", views.delete_view, name="alert_delete"),
]
