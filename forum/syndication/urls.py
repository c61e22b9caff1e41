from django.urls import path

from . import feeds, views

app_name = "syndication"

# Every feed in RSS at .../feed and in Atom at .../feed/atom. The member's and the thread's have a
# segment more than the pages they belong to (/user/NAME, /post/ID/slug), so no name or slug can
# ever be taken for one.
urlpatterns = [
    path("feed", views.feed_view(feeds.NewPosts), name="posts"),
    path("rss", views.feed_view(feeds.NewPosts), name="posts-rss"),  # the address the original's readers try
    path("feed/atom", views.feed_view(feeds.atom(feeds.NewPosts)), name="posts-atom"),
    path("user/<str:username>/posts/feed", views.feed_view(feeds.MemberPosts), name="member-posts"),
    path(
        "user/<str:username>/posts/feed/atom",
        views.feed_view(feeds.atom(feeds.MemberPosts)),
        name="member-posts-atom",
    ),
    path("user/<str:username>/comments/feed", views.feed_view(feeds.MemberComments), name="member-comments"),
    path(
        "user/<str:username>/comments/feed/atom",
        views.feed_view(feeds.atom(feeds.MemberComments)),
        name="member-comments-atom",
    ),
    path("post/<int:pk>/comments/feed", views.feed_view(feeds.ThreadComments), name="thread"),
    path("post/<int:pk>/comments/feed/atom", views.feed_view(feeds.atom(feeds.ThreadComments)), name="thread-atom"),
    # The canonical post address has no slash at the end (forum/threads/urls.py).
    path("post/<int:pk>/", views.post_with_slash, name="post-slash"),
    path("post/<int:pk>/<slug:slug>/", views.post_with_slash, name="post-slug-slash"),
    path("sitemap.xml", views.sitemap_index, name="sitemap-index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
