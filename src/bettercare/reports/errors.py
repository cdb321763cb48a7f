"""The one error type of the reports package: a document that cannot be produced, with a reason
for people (the CLI prints it; the web pages show it)."""


class ReportError(Exception):
    """A document cannot be produced (unknown HWB, a quarter outside every plan, no plan...)."""
