"""Excel workbooks: the quarterly return (``return_book``) and the national summary of submitted
returns (``national``). Values are written as values, never formulas."""

from .national import national_workbook
from .return_book import return_workbook

__all__ = ["national_workbook", "return_workbook"]
