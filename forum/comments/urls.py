from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("post/<int:post_id>/comments/new", views.create, name="create"),
    path("comment/<int:pk>", views.permalink, name="permalink"),
]
