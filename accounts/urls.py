from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("user/<str:username>", views.profile, name="profile"),
    path("user/<str:username>/follow", views.follow_toggle, name="follow"),
    path("user/<str:username>/ignore", views.ignore_toggle, name="ignore"),
    path("settings", views.member_settings, name="settings"),
    path("settings/delete", views.delete_account, name="delete"),
]
