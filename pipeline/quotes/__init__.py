"""Quotes: the lines of a meeting worth printing, verbatim, attributed, ranked and explained.

    from pipeline.quotes import extract_quotes, score_lines
    quotes = extract_quotes(parsed, settings.quotes)       # ranked Quote records, best first
    rows = score_lines(["We have to stop buying the old models."], nlp, settings.quotes)

Modules: `clean` (filler/stutter cleaning with recorded cuts), `candidates` (stand-alone spans of
sentences), `features` (interpretable quotability features), `rank` (weighted score, reasons,
near-duplicate collapse, speaker cap), `extract` (the entry points), `export` (quotes.csv / quotes.md),
`select` (filtering and loading quotes for the CLI).
"""

from .clean import ELLIPSIS, CleanText, Removal, clean_quote, is_faithful
from .extract import extract_quotes, score_lines
from .features import FEATURE_NAMES

__all__ = [
    "ELLIPSIS",
    "FEATURE_NAMES",
    "CleanText",
    "Removal",
    "clean_quote",
    "extract_quotes",
    "is_faithful",
    "score_lines",
]
