"""Monitoring's pages: the HWB metrics dashboard and a metric's page (``metrics``), and the pages
that edit local metrics and re-base targets (``targets``)."""
