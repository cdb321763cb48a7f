"""Areas, localities, populations, organisations, policy periods and the catalogue mirror moved to the
reference app, keeping their tables (plans_area, ...): plans forgets them and its foreign keys follow
them. State only: no database change, no data moved."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_membership_area_points_to_reference'),
        ('delivery', '0003_hicm_model_moved_to_reference'),
        ('monitoring', '0005_spc_notes_point_to_reference'),
        ('plans', '0003_plan_based_on'),
        ('reference', '0001_reference_models_moved_from_plans_and_delivery'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='metric',
                    name='area',
                ),
                migrations.RemoveField(
                    model_name='locality',
                    name='area',
                ),
                migrations.AlterField(
                    model_name='plan',
                    name='area',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plans', to='reference.area'),
                ),
                migrations.AlterField(
                    model_name='historicalplan',
                    name='area',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.area'),
                ),
                migrations.RemoveField(
                    model_name='historicalpopulation',
                    name='area',
                ),
                migrations.RemoveField(
                    model_name='population',
                    name='area',
                ),
                migrations.AlterUniqueTogether(
                    name='fundingstream',
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name='fundingstream',
                    name='period',
                ),
                migrations.AlterField(
                    model_name='scheme',
                    name='funding_stream',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.fundingstream'),
                ),
                migrations.AlterField(
                    model_name='historicalscheme',
                    name='funding_stream',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.fundingstream'),
                ),
                migrations.AlterField(
                    model_name='schemefinance',
                    name='funding_stream',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.fundingstream'),
                ),
                migrations.AlterField(
                    model_name='historicalcontribution',
                    name='stream',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.fundingstream'),
                ),
                migrations.AlterField(
                    model_name='contribution',
                    name='stream',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.fundingstream'),
                ),
                migrations.AlterField(
                    model_name='historicalschemefinance',
                    name='funding_stream',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.fundingstream'),
                ),
                migrations.RemoveField(
                    model_name='historicalpopulation',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalpopulation',
                    name='locality',
                ),
                migrations.AlterUniqueTogether(
                    name='locality',
                    unique_together=None,
                ),
                migrations.AlterField(
                    model_name='metrictarget',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='historicalmetrictarget',
                    name='locality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='statedtotal',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='scheme',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='historicalcontingencyline',
                    name='locality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='contingencyline',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='contribution',
                    name='locality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.locality'),
                ),
                migrations.AlterField(
                    model_name='historicalcontribution',
                    name='locality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality'),
                ),
                migrations.RemoveField(
                    model_name='population',
                    name='locality',
                ),
                migrations.AlterField(
                    model_name='historicalscheme',
                    name='locality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality'),
                ),
                migrations.AlterUniqueTogether(
                    name='metric',
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name='metric',
                    name='period',
                ),
                migrations.AlterField(
                    model_name='historicalcontingencyline',
                    name='metric',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='contingencyline',
                    name='metric',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='historicalschememetricimpact',
                    name='metric',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='metrictarget',
                    name='metric',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='historicalmetrictarget',
                    name='metric',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.metric'),
                ),
                migrations.AlterField(
                    model_name='schememetricimpact',
                    name='metric',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.metric'),
                ),
                migrations.AlterUniqueTogether(
                    name='nationalcondition',
                    unique_together=None,
                ),
                migrations.RemoveField(
                    model_name='nationalcondition',
                    name='period',
                ),
                migrations.AlterField(
                    model_name='planorganisation',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.organisation'),
                ),
                migrations.AlterField(
                    model_name='contribution',
                    name='organisation',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='reference.organisation'),
                ),
                migrations.AlterField(
                    model_name='historicalcontribution',
                    name='organisation',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.organisation'),
                ),
                migrations.AlterField(
                    model_name='signoff',
                    name='organisation',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.organisation'),
                ),
                migrations.AlterField(
                    model_name='historicalsignoff',
                    name='organisation',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.organisation'),
                ),
                migrations.AlterField(
                    model_name='historicalplan',
                    name='period',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.policyperiod'),
                ),
                migrations.RemoveField(
                    model_name='schemetype',
                    name='period',
                ),
                migrations.AlterField(
                    model_name='plan',
                    name='period',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='plans', to='reference.policyperiod'),
                ),
                migrations.AlterUniqueTogether(
                    name='population',
                    unique_together=None,
                ),
                migrations.AlterUniqueTogether(
                    name='schemetype',
                    unique_together=None,
                ),
                migrations.AlterField(
                    model_name='historicalscheme',
                    name='scheme_type',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.schemetype'),
                ),
                migrations.AlterField(
                    model_name='scheme',
                    name='scheme_type',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='reference.schemetype'),
                ),
                migrations.DeleteModel(
                    name='Area',
                ),
                migrations.DeleteModel(
                    name='FundingStream',
                ),
                migrations.DeleteModel(
                    name='HistoricalPopulation',
                ),
                migrations.DeleteModel(
                    name='Population',
                ),
                migrations.DeleteModel(
                    name='Locality',
                ),
                migrations.DeleteModel(
                    name='Metric',
                ),
                migrations.DeleteModel(
                    name='NationalCondition',
                ),
                migrations.DeleteModel(
                    name='Organisation',
                ),
                migrations.DeleteModel(
                    name='PolicyPeriod',
                ),
                migrations.DeleteModel(
                    name='SchemeType',
                ),
            ],
            database_operations=[],
        ),
    ]
