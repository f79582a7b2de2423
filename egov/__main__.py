"""The ``egov`` console command: Django's manage.py under a project name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "egov.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["egov", *sys.argv[1:]])


if __name__ == "__main__":
    main()
