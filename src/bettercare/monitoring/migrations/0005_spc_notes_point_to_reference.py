"""Joins the SPC-notes migration (made before the reference app existed, so its foreign keys name
plans.area and plans.locality) with the move: the keys follow Area and Locality to the reference
app (same tables). State only: no database change. plans/0004 waits for this before it forgets the
moved models."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_foreign_keys_point_to_reference'),
        ('monitoring', '0004_spc_chart_notes'),
        ('reference', '0001_reference_models_moved_from_plans_and_delivery'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalspcnote',
                    name='area',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='historicalspcnote',
                    name='locality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='spcnote',
                    name='area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='spc_notes', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='spcnote',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
            ],
            database_operations=[],
        ),
    ]
