"""A batch as a REFI-QDA project (`project.qdpx`), the exchange format NVivo, ATLAS.ti, MAXQDA and
QualCoder import (schema: pipeline/schema/refi-qda/Project-mrt2019.xsd, QDA-XML project 1.0).

The archive is a zip holding `project.qde` (the project XML) and `Sources/<guid>.txt`, one plain-text
file per transcript (UTF-8, no BOM, LF). In the project:

- each transcript is a TextSource (`plainTextPath="internal://<guid>.txt"`): its turns as
  "Speaker: text" paragraphs, a blank line between them;
- each theme is a Code (keywords in its Description), under one parent code per transcript, or, with a
  saved theme model, under the model's parent code and shared by every transcript; a "Quotes" code marks
  the picked quotes;
- each theme stretch (its first to last turn) and each quote (its verbatim span) is a PlainTextSelection
  coded with its theme(s); every turn is a selection too, so that
- each speaker is a Case (with Role, Organisation and Meeting variables) referring to their turns.

Selections count `startPosition`/`endPosition` in characters (Unicode code points) from the start of
the source text, end exclusive: `text[start:end]` in Python is the selected text. GUIDs are uuid5 of the
transcript id and the element, and zip entries carry a fixed date, so a rerun writes the same bytes.
"""

from __future__ import annotations

import re
import tempfile
import uuid
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterable, Optional
from xml.sax.saxutils import quoteattr

from ..editor.data import theme_colour
from ..writers import open_atomic
from .tables import quote_theme_pairs

NAMESPACE = "urn:QDA-XML:project:1.0"
QDE_NAME = "project.qde"
SOURCES_FOLDER = "Sources"
# Zip entries dated like this (the earliest a zip can hold) so the archive's bytes do not depend on the clock.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_GUID_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, "https://roundtable.invalid/refi-qda")
# Characters XML 1.0 cannot carry: dropped from names and descriptions (never from a source's text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def guid(*parts: str) -> str:
    """A deterministic GUID for a project element: uuid5 of the transcript id and the element's path."""
    return str(uuid.uuid5(_GUID_ROOT, "\x1f".join(parts)))


def _clean(text: Any) -> str:
    return _NOT_XML.sub("", str(text))


def _element(tag: str, **attributes: str) -> ET.Element:
    # No namespace here: elements are serialised one by one into the document, whose root start tag
    # declares the project namespace as the default, so every element is in it.
    return ET.Element(tag, {key: _clean(value) for key, value in attributes.items()})


def _sub(parent: ET.Element, tag: str, text: Optional[str] = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {key: _clean(value) for key, value in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _xml(element: ET.Element) -> str:
    return ET.tostring(element, encoding="unicode")


@dataclass(frozen=True)
class SourceText:
    """A transcript's plain text and where each turn's text starts in it."""

    text: str
    turn_starts: tuple[int, ...]  # offset of turn i's text (after "Speaker: ")
    line_starts: tuple[int, ...]  # offset of turn i's paragraph (at "Speaker: ")


def source_text(report: dict[str, Any]) -> SourceText:
    """The text a QDA tool shows for a transcript: "Speaker: text" per turn, a blank line between turns."""
    pieces: list[str] = []
    turn_starts: list[int] = []
    line_starts: list[int] = []
    position = 0
    for turn in report["transcript"]["turns"]:
        if pieces:
            pieces.append("\n\n")
            position += 2
        label = f"{turn['speaker']}: "
        line_starts.append(position)
        turn_starts.append(position + len(label))
        pieces += [label, turn["text"]]
        position += len(label) + len(turn["text"])
    return SourceText(text="".join(pieces) + "\n", turn_starts=tuple(turn_starts), line_starts=tuple(line_starts))


class ProjectBuilder:
    """Builds one project.qde a transcript at a time (`add`): each source text goes into the archive at
    once and each transcript's XML to a spool file, so only the code book stays in memory."""

    def __init__(self, archive: zipfile.ZipFile, *, name: str, origin: str) -> None:
        self.archive = archive
        self.name, self.origin = name, origin
        self.user = guid("user", "roundtable")
        self.users = _element("Users")
        _sub(self.users, "User", guid=self.user, name="roundtable")
        self.codebook = _element("CodeBook")
        self.codes = _sub(self.codebook, "Codes")
        self.variables = _element("Variables")
        self.variable_guids = {}
        for variable, description in (
            ("Role", "The speaker's role, from the participants list."),
            ("Organisation", "The speaker's organisation, from the participants list."),
            ("Meeting", "The transcript (roundtable id) the speaker spoke in."),
        ):
            self.variable_guids[variable] = guid("variable", variable)
            element = _sub(self.variables, "Variable", guid=self.variable_guids[variable], name=variable,
                           typeOfVariable="Text")
            _sub(element, "Description", description)
        self.cases = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.sources = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.n_cases = 0
        quotes = _sub(self.codes, "Code", guid=guid("code", "quotes"), name="Quotes", isCodable="true",
                      color="#444444")
        _sub(quotes, "Description", "Quotes roundtable picked: verbatim spans of one speaker's turn, best first "
             "(rank, score and reasons in each selection's description).")
        self.quote_code = quotes.get("guid")
        self.parent_codes: dict[str, ET.Element] = {}
        self.theme_codes: dict[str, str] = {}  # theme key -> code guid
        self.n_sources = 0

    def _parent(self, key: str, name: str, description: str) -> ET.Element:
        if key not in self.parent_codes:
            parent = _sub(self.codes, "Code", guid=guid("code", "group", key), name=name, isCodable="false")
            _sub(parent, "Description", description)
            self.parent_codes[key] = parent
        return self.parent_codes[key]

    def _theme_code(self, transcript: dict[str, Any], theme: dict[str, Any], position: int, model: Optional[str]) -> str:
        """The code of a theme: shared across transcripts for a saved model's theme, else the meeting's own."""
        shared = theme.get("model_theme_id")
        key = shared or f"{transcript['id']}:{theme['id']}"
        if key in self.theme_codes:
            return self.theme_codes[key]
        if shared:
            parent = self._parent(f"model:{model}", f"Themes: model {model}",
                                  f"The themes of the saved theme model {model}, shared by every transcript.")
        else:
            parent = self._parent(f"transcript:{transcript['id']}", f"Themes: {transcript['title'] or transcript['id']}",
                                  f"The themes roundtable found in {transcript['id']}.")
        code = _sub(parent, "Code", guid=guid("code", key), name=f"{theme['id']} {theme['label']}", isCodable="true",
                    color=theme_colour(position))
        kind = "possible new theme (fits none of the model's themes)" if theme.get("new") else "theme"
        _sub(code, "Description", f"{kind.capitalize()}. Keywords: {', '.join(theme['keywords'])}.")
        self.theme_codes[key] = code.get("guid")
        return self.theme_codes[key]

    def _selection(self, source: ET.Element, key: tuple[str, ...], *, name: str, start: int, end: int,
                   description: Optional[str], codes: Iterable[str]) -> str:
        selection = _sub(source, "PlainTextSelection", guid=guid(*key), name=name, startPosition=str(start),
                         endPosition=str(end), creatingUser=self.user)
        if description:
            _sub(selection, "Description", description)
        for code in codes:
            coding = _sub(selection, "Coding", guid=guid(*key, "coding", code), creatingUser=self.user)
            _sub(coding, "CodeRef", targetGUID=code)
        return selection.get("guid")

    def add(self, report: dict[str, Any]) -> None:
        """One transcript: its source text file, theme codes, selections and speaker cases."""
        transcript = report["transcript"]
        tid = transcript["id"]
        text = source_text(report)
        source_guid = guid(tid, "source")
        info = zipfile.ZipInfo(f"{SOURCES_FOLDER}/{source_guid}.txt", date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.archive.writestr(info, text.text.encode("utf-8"))
        source = _element("TextSource", guid=source_guid, name=transcript["title"] or tid,
                      plainTextPath=f"internal://{source_guid}.txt", creatingUser=self.user)
        where = transcript["source"]["path"]
        _sub(source, "Description", f"{tid}: {where} ({transcript['source']['format']}), {transcript['n_turns']} turns, "
             f"{transcript['n_words']} words" + (f", {transcript['date']}" if transcript.get("date") else "") + ".")
        model = (report.get("themes_info") or {}).get("model")
        themes = list(report.get("themes") or []) + list((report.get("themes_info") or {}).get("possible_new_themes") or [])
        codes = {theme["id"]: self._theme_code(transcript, theme, position, model) for position, theme in enumerate(themes)}
        turns = transcript["turns"]
        turn_selections: dict[str, list[str]] = {}
        for index, turn in enumerate(turns):
            turn_selections.setdefault(turn["speaker"], []).append(
                self._selection(source, (tid, "turn", str(index)), name=f"Turn {index}: {turn['speaker']}",
                                start=text.line_starts[index], end=text.turn_starts[index] + len(turn["text"]),
                                description=None, codes=())
            )
        for theme in themes:
            for number, stretch in enumerate(theme.get("stretches") or []):
                first, last = int(stretch["first_turn"]), int(stretch["last_turn"])
                self._selection(
                    source, (tid, "theme", theme["id"], "stretch", str(number)),
                    name=f"{theme['id']} {theme['label']}: turns {first}-{last}",
                    start=text.line_starts[first], end=text.turn_starts[last] + len(turns[last]["text"]),
                    description=f"Stretch {number + 1} of theme {theme['id']} ({theme['label']}), turns {first} to {last}.",
                    codes=(codes[theme["id"]],),
                )
        quote_themes = quote_theme_pairs(report)
        for quote in report.get("quotes") or []:
            start = text.turn_starts[quote["turn_index"]] + quote["char_start"]
            reasons = "; ".join(quote.get("reasons") or [])
            description = (f"Quote {quote['rank']} (score {quote['score']}), {quote['attribution']}. "
                           f"Clean reading: {quote['text']}" + (f" Why: {reasons}." if reasons else ""))
            self._selection(
                source, (tid, "quote", quote["id"]), name=f"Quote {quote['rank']}: {quote['speaker']}",
                start=start, end=start + (quote["char_end"] - quote["char_start"]), description=description,
                codes=(self.quote_code, *(codes[theme_id] for theme_id, _ in quote_themes.get(quote["id"], ()))),
            )
        for speaker in transcript["speakers"]:
            case = _element("Case", guid=guid(tid, "speaker", speaker["label"]),
                        name=f"{speaker['attribution']} ({tid})")
            _sub(case, "Description", f"{speaker['label']} in {tid}: {speaker['n_turns']} turns, {speaker['n_words']} words.")
            for variable, value in (("Role", speaker.get("role")), ("Organisation", speaker.get("organisation")),
                                    ("Meeting", tid)):
                if value:
                    element = _sub(case, "VariableValue")
                    _sub(element, "VariableRef", targetGUID=self.variable_guids[variable])
                    _sub(element, "TextValue", value)
            _sub(case, "SourceRef", targetGUID=source_guid)
            for selection in turn_selections.get(speaker["label"], ()):
                _sub(case, "SelectionRef", targetGUID=selection)
            self.cases.write(_xml(case))
            self.n_cases += 1
        self.sources.write(_xml(source))
        self.n_sources += 1

    def finish(self) -> None:
        """Write project.qde: the code book, then the spooled cases and sources (a container the schema
        requires to be non-empty is left out when it would be)."""
        info = zipfile.ZipInfo(QDE_NAME, date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with self.archive.open(info, "w") as entry:
            def write(text: str) -> None:
                entry.write(text.encode("utf-8"))

            write("<?xml version='1.0' encoding='utf-8'?>\n")
            write(f"<Project xmlns={quoteattr(NAMESPACE)} name={quoteattr(_clean(self.name))} "
                  f"origin={quoteattr(_clean(self.origin))}>")
            for part in (self.users, self.codebook, self.variables):
                write(_xml(part))
            for tag, spool, count in (("Cases", self.cases, self.n_cases), ("Sources", self.sources, self.n_sources)):
                if count:
                    write(f"<{tag}>")
                    spool.seek(0)
                    while block := spool.read(1 << 20):
                        write(block)
                    write(f"</{tag}>")
                spool.close()
            write("</Project>")


def write_qdpx_to(handle: IO[bytes], reports: Iterable[dict[str, Any]], *, name: str, origin: str) -> int:
    """Write the project of `reports` (one at a time; a batch is never held in memory) to a binary file;
    returns the number of sources."""
    with zipfile.ZipFile(handle, "w") as archive:
        builder = ProjectBuilder(archive, name=name, origin=origin)
        for report in reports:
            builder.add(report)
        builder.finish()
    return builder.n_sources


def write_qdpx(path: Path, reports: Iterable[dict[str, Any]], *, name: str = "roundtable", origin: str = "roundtable") -> Path:
    """Write `path` (e.g. out/project.qdpx) atomically from the batch's reports; returns the path."""
    with open_atomic(Path(path)) as handle:
        write_qdpx_to(handle, reports, name=name, origin=origin)
    return Path(path)
