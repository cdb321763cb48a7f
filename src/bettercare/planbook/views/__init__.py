"""Pages of the plans app, grouped by family: the editor, checks and versions, money, workbooks."""
