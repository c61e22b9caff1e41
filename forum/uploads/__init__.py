"""Uploaded images (post bodies, avatars): checked, re-encoded and stored. No models: an upload is
a file in Django's storage and the URL written into whatever uses it."""
