from django.apps import AppConfig


class BansConfig(AppConfig):
    name = "forum.bans"
    label = "bans"

    def ready(self):
        from allauth.account.signals import user_signed_up
        from django.contrib.auth.signals import user_logged_in

        from .signals import remember_member_network

        user_logged_in.connect(remember_member_network, dispatch_uid="bans-network-at-login")
        user_signed_up.connect(remember_member_network, dispatch_uid="bans-network-at-signup")
