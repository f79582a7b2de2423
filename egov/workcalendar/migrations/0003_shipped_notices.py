"""Load the official schedules shipped in egov/workcalendar/data so every site has them."""

from django.db import migrations

from egov.workcalendar.rules import apply_notice, parse_notice, read_shipped

FILES = ("2025.json", "2026.json")


def load(apps, schema_editor):
    notice_model = apps.get_model("workcalendar", "CalendarNotice")
    override_model = apps.get_model("workcalendar", "CalendarOverride")
    for document in read_shipped(FILES):
        apply_notice(
            parse_notice(document), notice_model=notice_model, override_model=override_model
        )


def unload(apps, schema_editor):
    notice_model = apps.get_model("workcalendar", "CalendarNotice")
    for document in read_shipped(FILES):
        notice_model.objects.filter(
            year=document["year"], reference=document["reference"]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0002_notes")]

    operations = [migrations.RunPython(load, unload)]
