"""Reference data as files: metric definitions, funding streams, scheme types and national
conditions per BCF policy period (``periods/<period>.yaml``), and HICM model versions
(``hicm/<model>.yaml``). Pure Python: no Django imports."""

from .loader import CatalogueError, list_hicm_models, list_periods, load_hicm, load_period

__all__ = ["CatalogueError", "list_hicm_models", "list_periods", "load_hicm", "load_period"]
