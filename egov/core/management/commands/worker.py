"""``egov worker``: run background tasks with the configured Tasks backend."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the background worker (database queue by default, RQ when REDIS_URL is set)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Exit when the queue is empty.")

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend.startswith("django_tasks_db"):
            extra = ["--batch", "--no-startup-delay"] if options["batch"] else []
            call_command("db_worker", *extra)
        elif backend.startswith("django_tasks_rq"):
            extra = ["--burst"] if options["batch"] else []
            # RQ's own worker cannot run a django-tasks Task without its Job class.
            call_command("rqworker", "default", "--job-class", "django_tasks_rq.Job", *extra)
        else:
            raise CommandError(f"No worker for the tasks backend {backend}.")
