from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("user/<str:username>", views.profile, name="profile"),
    path("user/<str:username>/follow", views.follow_toggle, name="follow"),
]
