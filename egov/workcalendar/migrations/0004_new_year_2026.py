"""Load the 2026 New Year swap (12729/VPCP-KGVX) on sites that already ran 0003.

Re-applies the shipped 2026 file: loading is idempotent, so a fresh site (whose 0003 already
read the current file) sees no change. Undoing 0003 removes the notice.
"""

from django.db import migrations

from egov.workcalendar.rules import apply_notice, parse_notice, read_shipped


def load(apps, schema_editor):
    notice_model = apps.get_model("workcalendar", "CalendarNotice")
    override_model = apps.get_model("workcalendar", "CalendarOverride")
    for document in read_shipped(("2026.json",)):
        apply_notice(
            parse_notice(document), notice_model=notice_model, override_model=override_model
        )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0003_shipped_notices")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
