from django.urls import path

from . import views

app_name = "likes"
urlpatterns = [
    # Not under /post/ID/: that is where a post's slug goes, and a post may be titled "vote".
    path("vote/post/<int:pk>", views.vote_on_post, name="post"),
    path("vote/comment/<int:pk>", views.vote_on_comment, name="comment"),
]
