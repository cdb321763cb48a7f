"""The reference app takes over models that plans and delivery created, with their tables kept
(``db_table``): the state is created here, the database is left as it is. Content types (and so
permissions and admin log entries) are relabelled from plans/delivery to reference so that nothing
pointing at them is lost."""

import bettercare.reference.fields
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = {
    "plans": ["area", "locality", "population", "historicalpopulation", "organisation", "policyperiod",
              "fundingstream", "schemetype", "nationalcondition", "metric"],
    "delivery": ["hicmmodel", "hicmchange"],
}


def relabel(apps, forwards: bool) -> None:
    """Move each model's content type row to its new app label (or back), keeping its id."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for app, names in MOVED.items():
        old, new = (app, "reference") if forwards else ("reference", app)
        for name in names:
            if not content_type.objects.filter(app_label=new, model=name).exists():
                content_type.objects.filter(app_label=old, model=name).update(app_label=new)


def relabel_content_types(apps, schema_editor) -> None:
    relabel(apps, forwards=True)


def unrelabel_content_types(apps, schema_editor) -> None:
    relabel(apps, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('plans', '0003_plan_based_on'),
        ('delivery', '0002_versions_returns_refused_edits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Area',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('gss_code', models.CharField(max_length=9, unique=True, verbose_name='ONS GSS code')),
                        ('name', models.CharField(max_length=120)),
                        ('kind', models.CharField(choices=[('county', 'County'), ('unitary', 'Unitary'), ('metropolitan', 'Metropolitan district'), ('london_borough', 'London borough')], default='county', max_length=20)),
                    ],
                    options={
                        'db_table': 'plans_area',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='HicmModel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=20, unique=True)),
                        ('title', models.CharField(max_length=200)),
                        ('maturity_levels', models.JSONField(default=list)),
                    ],
                    options={
                        'db_table': 'delivery_hicmmodel',
                    },
                ),
                migrations.CreateModel(
                    name='Organisation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=30, unique=True, verbose_name='ODS or GSS code')),
                        ('name', models.CharField(max_length=200)),
                        ('kind', models.CharField(choices=[('county_council', 'County council'), ('unitary_council', 'Unitary council'), ('district_council', 'District council'), ('ccg', 'Clinical commissioning group'), ('icb', 'Integrated care board'), ('nhs_trust', 'NHS trust'), ('voluntary', 'Voluntary sector'), ('other', 'Other')], max_length=20)),
                        ('code_confirmed', models.BooleanField(default=True)),
                        ('source', bettercare.reference.fields.SourceField(blank=True, max_length=300)),
                    ],
                    options={
                        'db_table': 'plans_organisation',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='PolicyPeriod',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=10, unique=True)),
                        ('title', models.CharField(max_length=200)),
                        ('financial_years', models.JSONField(default=list)),
                        ('hicm_model', models.CharField(blank=True, max_length=20)),
                    ],
                    options={
                        'db_table': 'plans_policyperiod',
                        'ordering': ['code'],
                    },
                ),
                migrations.CreateModel(
                    name='Locality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=12)),
                        ('name', models.CharField(max_length=150)),
                        ('short_name', models.CharField(blank=True, max_length=80)),
                        ('kind', models.CharField(default='ccg', max_length=20)),
                        ('source', bettercare.reference.fields.SourceField(blank=True, max_length=300)),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='localities', to='reference.area')),
                    ],
                    options={
                        'verbose_name_plural': 'localities',
                        'db_table': 'plans_locality',
                        'ordering': ['area', 'name'],
                        'unique_together': {('area', 'code')},
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalPopulation',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('financial_year', bettercare.reference.fields.FinancialYearField(blank=True, help_text='Blank when the source does not state the year', max_length=7, validators=[bettercare.reference.fields.validate_financial_year])),
                        ('age_band', models.CharField(choices=[('all', 'All ages'), ('18+', 'Aged 18 and over'), ('65+', 'Aged 65 and over')], max_length=10)),
                        ('population', models.PositiveIntegerField()),
                        ('note', models.TextField(blank=True)),
                        ('source', bettercare.reference.fields.SourceField(blank=True, max_length=300)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('area', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.area')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('locality', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='reference.locality')),
                    ],
                    options={
                        'verbose_name': 'historical population',
                        'verbose_name_plural': 'historical populations',
                        'db_table': 'plans_historicalpopulation',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HicmChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField()),
                        ('title', models.CharField(max_length=300)),
                        ('model', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes', to='reference.hicmmodel')),
                    ],
                    options={
                        'db_table': 'delivery_hicmchange',
                        'ordering': ['model', 'number'],
                        'unique_together': {('model', 'number')},
                    },
                ),
                migrations.CreateModel(
                    name='NationalCondition',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=50)),
                        ('number', models.PositiveSmallIntegerField()),
                        ('title', models.CharField(max_length=300)),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='national_conditions', to='reference.policyperiod')),
                    ],
                    options={
                        'db_table': 'plans_nationalcondition',
                        'ordering': ['period', 'number'],
                        'unique_together': {('period', 'code')},
                    },
                ),
                migrations.CreateModel(
                    name='Metric',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=60)),
                        ('title', models.CharField(max_length=300)),
                        ('polarity', models.CharField(choices=[('lower', 'Lower is better'), ('higher', 'Higher is better'), ('neutral', 'No polarity')], max_length=8)),
                        ('multiplier', models.PositiveIntegerField(default=1)),
                        ('unit', models.CharField(blank=True, max_length=40)),
                        ('population_base', models.CharField(blank=True, max_length=10)),
                        ('frequency', models.CharField(default='year', max_length=20)),
                        ('ci_method', models.CharField(blank=True, max_length=20)),
                        ('is_local', models.BooleanField(default=False)),
                        ('definition', models.JSONField(default=dict, help_text='The catalogue entry as loaded')),
                        ('area', models.ForeignKey(blank=True, help_text="Set for an HWB's own local metric", null=True, on_delete=django.db.models.deletion.CASCADE, to='reference.area')),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='metrics', to='reference.policyperiod')),
                    ],
                    options={
                        'db_table': 'plans_metric',
                        'ordering': ['period', 'id'],
                        'unique_together': {('period', 'code', 'area')},
                    },
                ),
                migrations.CreateModel(
                    name='FundingStream',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=50)),
                        ('title', models.CharField(max_length=200)),
                        ('kind', models.CharField(default='revenue', max_length=20)),
                        ('passed_to_districts', models.BooleanField(default=False)),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='funding_streams', to='reference.policyperiod')),
                    ],
                    options={
                        'db_table': 'plans_fundingstream',
                        'ordering': ['period', 'id'],
                        'unique_together': {('period', 'code')},
                    },
                ),
                migrations.CreateModel(
                    name='Population',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('financial_year', bettercare.reference.fields.FinancialYearField(blank=True, help_text='Blank when the source does not state the year', max_length=7, validators=[bettercare.reference.fields.validate_financial_year])),
                        ('age_band', models.CharField(choices=[('all', 'All ages'), ('18+', 'Aged 18 and over'), ('65+', 'Aged 65 and over')], max_length=10)),
                        ('population', models.PositiveIntegerField()),
                        ('note', models.TextField(blank=True)),
                        ('source', bettercare.reference.fields.SourceField(blank=True, max_length=300)),
                        ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='populations', to='reference.area')),
                        ('locality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='reference.locality')),
                    ],
                    options={
                        'db_table': 'plans_population',
                        'unique_together': {('area', 'locality', 'financial_year', 'age_band')},
                    },
                ),
                migrations.CreateModel(
                    name='SchemeType',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=50)),
                        ('title', models.CharField(max_length=200)),
                        ('confirmed', models.BooleanField(default=True)),
                        ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scheme_types', to='reference.policyperiod')),
                    ],
                    options={
                        'db_table': 'plans_schemetype',
                        'unique_together': {('period', 'code')},
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, unrelabel_content_types),
    ]
