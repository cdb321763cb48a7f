from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "bettercare.plans"
    label = "plans"

    def ready(self) -> None:
        """Periods are read from the newest recorded catalogue version (``catalogue add``)."""
        from bettercare.catalogue import use_source

        from .catalogue_store import DatabaseSource

        use_source(DatabaseSource())
