from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("settings/email", views.email_settings, name="settings"),
    path("email/stop/<str:token>", views.stop, name="stop"),
]
