"""Monitoring's foreign keys follow the reference models to the reference app (same tables): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0003_metric_commentary'),
        ('reference', '0001_reference_models_moved_from_plans_and_delivery'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='financeline',
                    name='organisation',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.organisation'),
                ),
                migrations.AlterField(
                    model_name='financeline',
                    name='stream',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.fundingstream'),
                ),
                migrations.AlterField(
                    model_name='historicalfinanceline',
                    name='organisation',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.organisation'),
                ),
                migrations.AlterField(
                    model_name='historicalfinanceline',
                    name='stream',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.fundingstream'),
                ),
                migrations.AlterField(
                    model_name='historicallocalkpi',
                    name='area',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='historicallocalkpi',
                    name='locality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='historicalmetricactual',
                    name='area',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='historicalmetricactual',
                    name='locality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='historicalmetricactual',
                    name='metric',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='historicalmetriccommentary',
                    name='area',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='historicalmetriccommentary',
                    name='metric',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='localkpi',
                    name='area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='kpis', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='localkpi',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='metricactual',
                    name='area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='metric_actuals', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='metricactual',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='metricactual',
                    name='metric',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='metriccommentary',
                    name='area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='metric_commentaries', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='metriccommentary',
                    name='metric',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='reference.metric'),
                ),
            ],
            database_operations=[],
        ),
    ]
