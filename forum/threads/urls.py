from django.urls import path

from . import views

app_name = "threads"
# Actions on a post have four path segments, so no slug (three) can ever shadow one. The same
# addresses with a slash at the end are permanent redirects to these (forum/syndication/urls.py,
# with the post's feeds), as a wrong or missing slug is (views.post_detail).
urlpatterns = [
    path("post/<int:pk>/<slug:slug>", views.post_detail, name="post"),
    path("post/<int:pk>", views.post_detail, name="post-short"),
    path("post/<int:post_id>/comments/new", views.comment_create, name="comment-create"),
    path("post/<int:pk>/quote/markdown", views.post_quote, name="post-quote"),
    path("comment/<int:pk>", views.comment_permalink, name="comment"),
    path("comment/<int:pk>/quote", views.comment_quote, name="comment-quote"),
]
