"""Optimistic locking (issue 15): a version on every row a user edits, so a stale save is refused."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0006_actual_metric_definition'),
    ]

    operations = [
        migrations.AddField(
            model_name='financeline',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='historicalfinanceline',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='historicalmetriccommentary',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='metriccommentary',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
