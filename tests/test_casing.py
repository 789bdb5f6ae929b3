"""Letter-case signals of the plain-text loader."""

from __future__ import annotations

from reader.document.loaders.casing import starts_upper
from reader.document.loaders.plaintext import parse


def test_a_word_of_superscript_digits_is_no_letter():
    # "²" is a word character but no letter: it once stopped the whole page with StopIteration
    assert starts_upper("x² Value") is False
    assert starts_upper("² Footnote") is True


def test_a_page_with_a_superscript_only_line_loads():
    prose = "The harbour wall has stood for two hundred years and gave way this winter. " * 5
    doc = parse(f"Storm damage\n\n{prose}\n\n²\n\n{prose}\n")
    assert doc.blocks
