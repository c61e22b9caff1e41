from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("post/<int:post_id>/comment", views.create, name="create"),
    path("comment/<int:pk>", views.permalink, name="permalink"),
]
