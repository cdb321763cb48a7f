"""RefusedEdit moves from delivery to plans, beside optimistic locking, so that every app whose rows
users edit (monitoring's commentary included) can record a refused save. State only: the table
``delivery_refusededit`` stays as it is."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0006_optimistic_locking_versions'),
        ('delivery', '0002_versions_returns_refused_edits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='RefusedEdit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('model', models.CharField(help_text='App label and model, e.g. "delivery.risk"', max_length=60)),
                ('object_id', models.PositiveBigIntegerField(blank=True, null=True)),
                ('object_repr', models.CharField(max_length=300)),
                ('attempted_at', models.DateTimeField()),
                ('seen_version', models.PositiveIntegerField(help_text='The version the user opened (0 = not yet created)')),
                ('current_version', models.PositiveIntegerField(blank=True, null=True)),
                ('changed_at', models.DateTimeField(blank=True, null=True)),
                ('changes', models.JSONField(default=dict, help_text='Field -> the value the user tried to save (as text)')),
                ('message', models.TextField()),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'db_table': 'delivery_refusededit',
                'ordering': ['-attempted_at'],
            },
        ),
    ])]
