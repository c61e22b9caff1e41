from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "members"  # allauth's own app is labelled "Accounts" in the admin
