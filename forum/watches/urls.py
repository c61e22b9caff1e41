from django.urls import path

from . import views

app_name = "watches"
urlpatterns = [
    path("post/<int:post_id>/watch/toggle", views.toggle, name="toggle"),
]
