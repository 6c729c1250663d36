"""Themes: what the room talked about, who drove it, where it came up and its best quotes.

    from pipeline.themes import find_themes, fit_theme_model, save_theme_model, load_theme_model
    result = find_themes(parsed, settings.themes, quotes=quotes, seed=settings.seed)

Modules: `units` (passages from the spaCy parse), `segment` (stretches of one subject), `model` (the
estimator), `labels` (c-TF-IDF phrase labels), `stability`, `find` (public entries), `tables` (CSV
tables), `persistence` (models/<name>/ with meta.json and a model card).
"""

from .find import METHOD, find_themes, fit_theme_model, model_params, passages_of
from .model import Assignment, ThemeModel, ThemeSpec
from .persistence import load_theme_model, save_theme_model
from .tables import prevalence_table, speaker_themes_table, themes_table
from .units import Passage, extract_passages

__all__ = [
    "METHOD",
    "Assignment",
    "Passage",
    "ThemeModel",
    "ThemeSpec",
    "extract_passages",
    "find_themes",
    "fit_theme_model",
    "load_theme_model",
    "model_params",
    "passages_of",
    "prevalence_table",
    "save_theme_model",
    "speaker_themes_table",
    "themes_table",
]
