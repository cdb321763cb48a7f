from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _mirror_catalogue(sender, plan=None, **kwargs) -> None:
    """After migrating, record the shipped catalogue files as versions and mirror every period
    (not after ``flush``, which sends the same signal without a migration plan)."""
    if plan is None:
        return
    from django.db import connection

    if "reference_catalogueversion" not in connection.introspection.table_names():
        return  # migrated to a state before catalogue versions (reference 0002)
    from .mirror import sync_reference_data

    sync_reference_data()


class ReferenceConfig(AppConfig):
    name = "bettercare.reference"
    label = "reference"
    verbose_name = "Reference data"

    def ready(self) -> None:
        """Periods are read from the newest recorded catalogue version (``catalogue add``)."""
        from bettercare.catalogue import use_source

        from .catalogue_store import DatabaseSource

        use_source(DatabaseSource())
        post_migrate.connect(_mirror_catalogue, sender=self, dispatch_uid="bettercare-mirror-catalogue")
