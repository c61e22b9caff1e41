from django import forms

from .models import EmailSettings


class EmailSettingsForm(forms.ModelForm):
    """The member's EmailSettings, and User.summonable shown among them as the @mentions switch."""

    mentions = forms.BooleanField(label="when someone @mentions me", required=False)

    class Meta:
        model = EmailSettings
        fields = ["watched_comments", "followed_posts", "new_follower", "mentions", "watch_on_comment"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, instance=EmailSettings.of(user), initial={"mentions": user.summonable}, **kwargs)
        self.user = user

    def save(self):
        settings = super().save(commit=False)
        settings.user = self.user
        settings.save()
        self.user.summonable = self.cleaned_data["mentions"]
        self.user.save(update_fields=["summonable"])
        return settings
