"""Tests of bettercare.reports: the board paper, the workbooks, plan on a page, CLI and pages."""
