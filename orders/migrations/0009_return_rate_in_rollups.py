"""Returns exist now: the rollups count the parts with a return accepted.

The column kept its place (it was always 0); ``rebuild_sales_rollups`` fills it for the
days before this migration, the marks and the beat refresh for the days after.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0008_sales_rollup_marks"),
    ]

    operations = [
        migrations.RenameField(
            model_name="districtdaysales",
            old_name="returned_suborders_placeholder",
            new_name="returned_suborders",
        ),
        migrations.AlterField(
            model_name="districtdaysales",
            name="returned_suborders",
            field=models.PositiveIntegerField(default=0, verbose_name="parts with a return"),
        ),
    ]
