from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

# The admin's own login form calls authenticate() directly, past allauth's limits on failed logins:
# an unthrottled password oracle. Visitors are sent to allauth's login instead (and back here after),
# and a logged-in member who is not staff is refused.
admin.site.login = secure_admin_login(admin.site.login)

handler400 = "forum.core.views.bad_request"
# A database that cannot be reached gets the 503 page with the reader's text; a bug, the 500 page.
handler500 = "forum.core.outage.server_error"
# allauth answers its rate limits through ROOT_URLCONF.handler429: the site's 429 page, with Retry-After.
handler429 = "forum.core.views.too_many_requests"

urlpatterns = [
    path("", include("forum.posts.urls")),
    path("", include("forum.threads.urls")),
    path("", include("forum.comments.urls")),
    path("", include("forum.watches.urls")),
    path("", include("forum.notifications.urls")),
    path("", include("forum.likes.urls")),
    path("", include("forum.flags.urls")),
    path("", include("forum.bans.urls")),
    path("", include("forum.moderation.urls")),
    path("", include("forum.search.urls")),
    path("", include("forum.syndication.urls")),
    path("", include("forum.presence.urls")),
    path("", include("accounts.urls")),
    path("help/keys", TemplateView.as_view(template_name="help/shortcuts.html"), name="shortcuts"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
# Uploaded images in development (static() adds nothing unless DEBUG); in production the web
# server in front or object storage serves MEDIA_URL (README, Deploying).
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
