from django.urls import path

from . import views

app_name = "comments"
# Beside the thread's /comment/ID (the permalink) and /comment/ID/quote: forum/threads/urls.py.
urlpatterns = [
    path("comment/<int:pk>/edit", views.comment_edit, name="edit"),
    path("comment/<int:pk>/delete", views.comment_delete, name="delete"),
]
