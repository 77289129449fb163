"""The artisan's district and craft now live in the districts app (same tables: state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('districts', '0001_initial'),
        ('sellers', '0003_staff_roles'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='sellerprofile',
                    name='craft',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sellers', to='districts.craft', verbose_name='craft'),
                ),
                migrations.AlterField(
                    model_name='sellerprofile',
                    name='district',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sellers', to='districts.district', verbose_name='district'),
                ),
            ],
            database_operations=[],
        ),
    ]
