"""Districts, crafts, GI tags and ODOP products now live in the districts app.

State only: the tables were kept under their names (see districts 0001), and the product's
foreign keys already point at them in the database.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0006_product_newest_index'),
        ('districts', '0001_initial'),
        ('sellers', '0004_reference_data_in_districts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='product',
                    name='craft',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='products', to='districts.craft', verbose_name='craft'),
                ),
                migrations.RemoveField(
                    model_name='odopproduct',
                    name='craft',
                ),
                migrations.AlterField(
                    model_name='featuredproduct',
                    name='district',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='featured_entries', to='districts.district', verbose_name='district'),
                ),
                migrations.RemoveField(
                    model_name='gitag',
                    name='districts',
                ),
                migrations.RemoveField(
                    model_name='odopproduct',
                    name='district',
                ),
                migrations.AlterField(
                    model_name='product',
                    name='district',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='products', to='districts.district', verbose_name='district'),
                ),
                migrations.RemoveField(
                    model_name='odopproduct',
                    name='gi_tag',
                ),
                migrations.AlterField(
                    model_name='product',
                    name='gi_tag',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='products', to='districts.gitag', verbose_name='GI tag claimed'),
                ),
                migrations.DeleteModel(
                    name='Craft',
                ),
                migrations.DeleteModel(
                    name='District',
                ),
                migrations.DeleteModel(
                    name='ODOPProduct',
                ),
                migrations.DeleteModel(
                    name='GITag',
                ),
            ],
            database_operations=[],
        ),
    ]
