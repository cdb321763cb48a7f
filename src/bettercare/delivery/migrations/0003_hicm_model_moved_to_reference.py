"""HicmModel and HicmChange moved to the reference app, keeping their tables (delivery_hicmmodel,
delivery_hicmchange); delivery's foreign keys follow them. State only: no database change."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('delivery', '0002_versions_returns_refused_edits'),
        ('reference', '0001_reference_models_moved_from_plans_and_delivery'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterUniqueTogether(
                    name='hicmchange',
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name='hicmchange',
                    name='model',
                ),
                migrations.AlterField(
                    model_name='historicalhicmassessment',
                    name='change',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.hicmchange'),
                ),
                migrations.AlterField(
                    model_name='historicalaction',
                    name='change',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.hicmchange'),
                ),
                migrations.AlterField(
                    model_name='hicmassessment',
                    name='change',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.hicmchange'),
                ),
                migrations.AlterField(
                    model_name='action',
                    name='change',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.hicmchange'),
                ),
                migrations.AlterField(
                    model_name='conditionconfirmation',
                    name='condition',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.nationalcondition'),
                ),
                migrations.AlterField(
                    model_name='historicalconditionconfirmation',
                    name='condition',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.nationalcondition'),
                ),
                migrations.AlterField(
                    model_name='historicalquarterlyreturn',
                    name='area',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='historicalreturnmetricstatus',
                    name='metric',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='quarterlyreturn',
                    name='area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quarterly_returns', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='returnmetricstatus',
                    name='metric',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.metric'),
                ),
                migrations.DeleteModel(
                    name='HicmModel',
                ),
                migrations.DeleteModel(
                    name='HicmChange',
                ),
            ],
            database_operations=[],
        ),
    ]
