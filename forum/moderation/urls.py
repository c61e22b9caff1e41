from django.urls import path

from . import views

app_name = "moderation"
# Beside the thread's /comment/ID (the permalink), the comments app's /comment/ID/edit, flags'.
urlpatterns = [
    path("moderation", views.log, name="log"),
    path("comment/<int:pk>/approve", views.comment_approve, name="comment-approve"),
    path("comment/<int:pk>/hold", views.comment_hold, name="comment-hold"),
]
