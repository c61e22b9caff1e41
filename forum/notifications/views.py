from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .forms import EmailSettingsForm
from .links import stop_from_token


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request):
    # Not `request.POST or None`: with every box unticked a browser sends no field at all.
    form = EmailSettingsForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


# Mail clients POST the List-Unsubscribe address themselves (RFC 8058), with no session and no
# CSRF token: the signed token in the address is what proves the request, and all it can do is
# stop emails. A GET (the link in the body, a link scanner) only shows the button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def stop(request, token):
    stop = stop_from_token(token)
    if stop is None:
        return render(request, "notifications/stop_invalid.html", status=404)
    if request.method == "POST":
        stop.apply()
        return render(request, "notifications/stopped.html", {"stop": stop})
    return render(request, "notifications/stop.html", {"stop": stop})
