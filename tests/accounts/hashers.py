"""A password hasher that counts its hashes: login timing tested by counting, not by a stopwatch."""

from django.contrib.auth.hashers import MD5PasswordHasher


class CountingPasswordHasher(MD5PasswordHasher):
    algorithm = "counting_md5"
    hashes = 0

    def encode(self, password, salt):
        # Every hash goes through here: checking a password (verify) and making one (make_password).
        CountingPasswordHasher.hashes += 1
        return super().encode(password, salt)
