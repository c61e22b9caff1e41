"""The table of the shared cache (settings.CACHES: DatabaseCache), created by `migrate` everywhere:
`make run`, the tests and production. Created even when REDIS_URL points the cache elsewhere, so
that unsetting REDIS_URL later needs no extra step.
"""

from django.core.management import call_command
from django.db import migrations

CACHE_TABLE = "forum_cache"  # forum/settings.py, CACHES["default"]["LOCATION"]


def create_cache_table(apps, schema_editor):
    # createcachetable skips a table that already exists (one made by hand before this migration).
    call_command("createcachetable", CACHE_TABLE, database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
