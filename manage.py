#!/usr/bin/env python
"""Django's command-line utility, starting the embedded PostgreSQL when no DATABASE_URL is set."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
    from django.core.management import execute_from_command_line

    from forum.embedded_postgres import database_for_this_process

    with database_for_this_process():
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
