"""Source notes in words: the project's document numbers become the papers' names, and nothing else
that looks like a number is touched."""

import pytest

from bettercare.catalogue.glossary import plain_source


@pytest.mark.parametrize(("note", "words"), [
    ("004 para 14", "Leicestershire HWB, BCF update Q1 2018-19 (27 September 2018), paragraph 14"),
    ("000 para 2.10.5", "Norfolk HWB, BCF review 2017-18, paragraph 2.10.5"),
    ("seed 004", "Leicestershire HWB, BCF update Q1 2018-19 (27 September 2018)"),
    # money in thousands is not a paper: seed 004's budget table is headed (£'000)
    ("004 para 8, BCF Approved Budget table (£'000)",
     "Leicestershire HWB, BCF update Q1 2018-19 (27 September 2018), paragraph 8, BCF Approved Budget table (£'000)"),
    ("table (£’000)", "table (£’000)"),
    ("£000 and 1,000", "£000 and 1,000"),
])
def test_document_numbers_become_paper_names(note, words):
    assert plain_source(note) == words
