"""The daily figure tables get the desk that received the dossiers (issue 3, "received at").

The rows are derived data: the old ones, without a desk, are dropped, and
``egov refresh_figures --from <first day> --to <today>`` rebuilds them (until then, with
``DOSSIER_FIGURES_SOURCE = "daily"``, the page shows only the days rebuilt since).
"""

import django.db.models.deletion
from django.db import migrations, models


def drop_rows(apps, schema_editor):
    for name in ("DailyFigure", "DailyStock"):
        apps.get_model("dossiers", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0005_result_signatures"),
        ("orgs", "0002_unit_code_by_validity_tax_code_check"),
    ]

    operations = [
        migrations.RunPython(drop_rows, migrations.RunPython.noop, elidable=True),
        migrations.RemoveConstraint(model_name="dailyfigure", name="uniq_daily_figure"),
        migrations.RemoveConstraint(model_name="dailyfigure", name="uniq_daily_figure_total"),
        migrations.RemoveConstraint(model_name="dailystock", name="uniq_daily_stock"),
        migrations.RemoveConstraint(model_name="dailystock", name="uniq_daily_stock_total"),
        migrations.AddField(
            model_name="dailyfigure",
            name="receiving_agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="orgs.agency",
                verbose_name="receiving agency",
            ),
        ),
        migrations.AddField(
            model_name="dailystock",
            name="receiving_agency",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="orgs.agency",
                verbose_name="receiving agency",
            ),
        ),
        migrations.AddIndex(
            model_name="dailyfigure",
            index=models.Index(fields=["receiving_agency", "day"], name="daily_figure_desk_day"),
        ),
        migrations.AddIndex(
            model_name="dailystock",
            index=models.Index(fields=["receiving_agency", "day"], name="daily_stock_desk_day"),
        ),
        migrations.AddConstraint(
            model_name="dailyfigure",
            constraint=models.UniqueConstraint(
                fields=("day", "receiving_agency", "agency", "procedure"),
                name="uniq_daily_figure",
            ),
        ),
        migrations.AddConstraint(
            model_name="dailyfigure",
            constraint=models.UniqueConstraint(
                condition=models.Q(("procedure__isnull", True)),
                fields=("day", "receiving_agency", "agency"),
                name="uniq_daily_figure_total",
            ),
        ),
        migrations.AddConstraint(
            model_name="dailystock",
            constraint=models.UniqueConstraint(
                fields=("day", "receiving_agency", "agency", "procedure"),
                name="uniq_daily_stock",
            ),
        ),
        migrations.AddConstraint(
            model_name="dailystock",
            constraint=models.UniqueConstraint(
                condition=models.Q(("procedure__isnull", True)),
                fields=("day", "receiving_agency", "agency"),
                name="uniq_daily_stock_total",
            ),
        ),
    ]
