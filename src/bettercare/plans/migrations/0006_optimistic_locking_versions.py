"""Optimistic locking (issue 15): a version on every row a user edits, so a stale save is refused."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0005_roll_forward_record'),
    ]

    operations = [
        migrations.AddField(
            model_name='contribution',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='historicalcontribution',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='historicalscheme',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='historicalschemefinance',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='scheme',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='schemefinance',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
