from django.urls import path

from . import lists, views

app_name = "comments"
# Beside the thread's /comment/ID (the permalink) and /comment/ID/quote: forum/threads/urls.py.
urlpatterns = [
    path("comment/<int:pk>/edit", views.comment_edit, name="edit"),
    path("comment/<int:pk>/delete", views.comment_delete, name="delete"),
    # Lists across threads, an address each so that logged-out pages are shared (?page=N is the only
    # query a shared page may have: /comments?a=NAME is rendered for each reader).
    path("comments", lists.comment_list, name="list"),
    path("best", lists.best, name="best"),
    path("best/all", lists.best, {"all_time": True}, name="best-all"),
]
