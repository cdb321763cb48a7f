"""The cache table of the database cache (``settings.CACHES``): pages computed once per change of the
data are kept in the database they describe. Made with Django's ``createcachetable``, which does
nothing for other cache back ends (the tests keep theirs in memory) or when the table exists."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("reference", "0003_national_register_regions_vintages_icbs")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
