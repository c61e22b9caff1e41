from django.urls import path

from . import views

app_name = "likes"
urlpatterns = [
    path("post/<int:pk>/vote", views.vote_on_post, name="post"),
    path("comment/<int:pk>/vote", views.vote_on_comment, name="comment"),
]
