"""The bettercare API (``/api/v1/``, django-ninja): areas, policy periods and the metric catalogue,
plans, metric results (JSON, CSV, Parquet), actuals (write) and quarterly returns, for analysts'
scripts, Power BI and the national team. Every call acts as a user (a personal API token or the
browser session) through the same permission rules as the web pages (:mod:`bettercare.accounts.access`)."""
