"""RefusedEdit moved to plans (see plans 0007); state only, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('delivery', '0003_hicm_model_moved_to_reference'),
        ('plans', '0007_refused_edit_moved_from_delivery'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.DeleteModel(name='RefusedEdit'),
    ])]
