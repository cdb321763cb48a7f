from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0004_refused_edit_moved_to_plans"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalquarterlyreturn",
            name="loaded_from",
            field=models.CharField(
                blank=True,
                help_text="The workbook the national team loaded this return from (blank: prepared in bettercare)",
                max_length=255,
            ),
        ),
        migrations.AddField(
            model_name="quarterlyreturn",
            name="loaded_from",
            field=models.CharField(
                blank=True,
                help_text="The workbook the national team loaded this return from (blank: prepared in bettercare)",
                max_length=255,
            ),
        ),
    ]
