"""The plan aggregate: a whole plan across the apps that own its parts (plans, monitoring, delivery).

Versions, snapshot and restore, the diff between versions, the Excel planning workbook, the checks
runner, submission and approval, and the pages that show or edit a whole plan (the plan editor,
checks, versions, finance monitoring, payment for performance, workbook download and import).
Their URL names keep the ``plans`` namespace they had before this package was split out."""
