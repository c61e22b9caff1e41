from django.urls import path

from . import views

app_name = "flags"
# Beside the thread's /comment/ID (the permalink) and the comments app's /comment/ID/edit.
urlpatterns = [
    path("comment/<int:pk>/flag", views.flag_comment, name="comment"),
]
