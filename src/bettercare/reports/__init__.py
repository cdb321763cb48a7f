"""Documents: the HWB board paper, the quarterly return workbook, plan on a page."""
