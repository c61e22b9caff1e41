from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "members"  # allauth's own app is labelled "Accounts" in the admin

    def ready(self):
        from . import checks  # noqa: F401  (registers the SITE_URL checks)
