"""The REFI-QDA project (`project.qdpx`): valid against the published schema, every selection's offsets
select exactly its text in the source file, every reference resolves, and reruns write the same bytes."""

import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.editor.data import quote_themes
from pipeline.exports.qdpx import guid, source_text, write_qdpx_to

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "pipeline" / "schema" / "refi-qda" / "Project-mrt2019.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}
runner = CliRunner()


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


def run_cli(out: Path) -> None:
    ran = runner.invoke(app, ["run", str(ROOT / "transcripts"), "--out", str(out), "--set", "export.qdpx=true",
                              "--set", "cache.enabled=false", "--set", "editor.enabled=false"])
    assert ran.exit_code == 0, ran.output


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    out = tmp_path_factory.mktemp("a") / "out"
    run_cli(out)
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*/report.json"))]
    return out, reports


def open_project(path: Path):
    archive = zipfile.ZipFile(path)
    root = etree.fromstring(archive.read("project.qde"))
    return archive, root


def source_texts(archive, root) -> dict[str, str]:
    texts = {}
    for source in root.iterfind(".//q:Sources/q:TextSource", NS):
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        texts[source.get("guid")] = archive.read("Sources/" + path.removeprefix("internal://")).decode("utf-8")
    return texts


def test_project_validates_against_the_refi_qda_schema(project, schema):
    out, reports = project
    archive, root = open_project(out / "project.qdpx")
    assert schema.validate(root), schema.error_log
    assert sorted(archive.namelist()) == sorted(
        ["project.qde", *(f"Sources/{guid(r['transcript']['id'], 'source')}.txt" for r in reports)]
    )
    assert len(root.findall(".//q:TextSource", NS)) == len(reports) == 5


def test_every_selection_selects_exactly_its_text(project):
    out, reports = project
    archive, root = open_project(out / "project.qdpx")
    texts = source_texts(archive, root)
    n_checked = {"quote": 0, "stretch": 0, "turn": 0}
    for report in reports:
        tid = report["transcript"]["id"]
        source = root.find(f".//q:TextSource[@guid='{guid(tid, 'source')}']", NS)
        text = texts[source.get("guid")]
        selections = {s.get("guid"): s for s in source.iterfind("q:PlainTextSelection", NS)}
        turns = report["transcript"]["turns"]

        def selected(key):
            element = selections.pop(guid(tid, *key))
            return text[int(element.get("startPosition")):int(element.get("endPosition"))]

        for index, turn in enumerate(turns):
            assert selected(("turn", str(index))) == f"{turn['speaker']}: {turn['text']}"
            n_checked["turn"] += 1
        for quote in report["quotes"]:
            assert selected(("quote", quote["id"])) == quote["verbatim"]
            assert quote["verbatim"] == turns[quote["turn_index"]]["text"][quote["char_start"]:quote["char_end"]]
            n_checked["quote"] += 1
        themes = report["themes"] + (report["themes_info"] or {}).get("possible_new_themes", [])
        for theme in themes:
            for number, stretch in enumerate(theme["stretches"]):
                first, last = stretch["first_turn"], stretch["last_turn"]
                expected = "\n\n".join(f"{t['speaker']}: {t['text']}" for t in turns[first:last + 1])
                assert selected(("theme", theme["id"], "stretch", str(number))) == expected
                n_checked["stretch"] += 1
        assert not selections, f"selections not checked: {list(selections)[:3]}"
    assert all(n_checked.values()), n_checked


def test_codes_carry_keywords_and_quotes_are_coded_with_their_themes(project):
    out, reports = project
    _, root = open_project(out / "project.qdpx")
    codes = {code.get("guid"): code for code in root.iterfind(".//q:Code", NS)}
    quotes_code = next(g for g, c in codes.items() if c.get("name") == "Quotes")
    for report in reports:
        tid = report["transcript"]["id"]
        theme_code = {}
        for theme in report["themes"]:
            code = codes[guid("code", f"{tid}:{theme['id']}")]
            assert code.get("name") == f"{theme['id']} {theme['label']}" and code.get("isCodable") == "true"
            assert ", ".join(theme["keywords"]) in code.findtext("q:Description", namespaces=NS)
            theme_code[theme["id"]] = code.get("guid")
        badges = quote_themes(report)
        for quote in report["quotes"]:
            selection = root.find(f".//q:PlainTextSelection[@guid='{guid(tid, 'quote', quote['id'])}']", NS)
            coded = [ref.get("targetGUID") for ref in selection.iterfind("q:Coding/q:CodeRef", NS)]
            assert coded == [quotes_code, *(theme_code[t] for t in badges[quote["id"]])]


def test_every_reference_resolves_and_guids_are_unique(project):
    out, _ = project
    _, root = open_project(out / "project.qdpx")
    guids = [element.get("guid") for element in root.iter() if element.get("guid")]
    assert len(guids) == len(set(guids))
    by_kind = {
        "CodeRef": {c.get("guid") for c in root.iterfind(".//q:Code", NS)},
        "SelectionRef": {s.get("guid") for s in root.iterfind(".//q:PlainTextSelection", NS)},
        "SourceRef": {s.get("guid") for s in root.iterfind(".//q:TextSource", NS)},
        "VariableRef": {v.get("guid") for v in root.iterfind(".//q:Variable", NS)},
    }
    for kind, targets in by_kind.items():
        refs = [ref.get("targetGUID") for ref in root.iterfind(f".//q:{kind}", NS)]
        assert refs and set(refs) <= targets, kind


def test_speakers_are_cases_holding_their_turns(project):
    out, reports = project
    _, root = open_project(out / "project.qdpx")
    report = next(r for r in reports if r["transcript"]["id"] == "council-roundtable-2011")
    speaker = report["transcript"]["speakers"][0]
    case = root.find(f".//q:Case[@guid='{guid('council-roundtable-2011', 'speaker', speaker['label'])}']", NS)
    assert case.get("name") == f"{speaker['attribution']} (council-roundtable-2011)"
    refs = [ref.get("targetGUID") for ref in case.iterfind("q:SelectionRef", NS)]
    own = [i for i, t in enumerate(report["transcript"]["turns"]) if t["speaker"] == speaker["label"]]
    assert refs == [guid("council-roundtable-2011", "turn", str(i)) for i in own] and len(own) == speaker["n_turns"]
    values = {v.findtext("q:TextValue", namespaces=NS) for v in case.iterfind("q:VariableValue", NS)}
    assert {speaker["role"], speaker["organisation"], "council-roundtable-2011"} <= values


def test_rerun_and_fresh_run_write_the_same_bytes(project, tmp_path):
    out, _ = project
    first = (out / "project.qdpx").read_bytes()
    again = tmp_path / "out"  # same folder name, so the same project name
    run_cli(again)
    assert (again / "project.qdpx").read_bytes() == first
    for info in zipfile.ZipFile(again / "project.qdpx").infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


def _report(turn_texts, quotes):
    turns = [{"index": i, "speaker": s, "text": t, "start": None, "end": None} for i, (s, t) in enumerate(turn_texts)]
    return {
        "transcript": {"id": "made", "title": "Made", "date": None, "source": {"path": "made.txt", "format": "text"},
                       "n_turns": len(turns), "n_words": 0, "turns": turns,
                       "speakers": [{"label": s, "name": None, "role": None, "organisation": None, "attribution": s,
                                     "n_turns": 1, "n_words": 1} for s in dict.fromkeys(s for s, _ in turn_texts)]},
        "quotes": quotes,
        "themes": [{"id": "T1", "label": "caf\u00e9s", "keywords": ["caf\u00e9"], "turn_indices": list(range(len(turns))),
                    "quote_ids": [], "stretches": [{"first_turn": 0, "last_turn": len(turns) - 1}],
                    "model_theme_id": None}],
        "themes_info": {"possible_new_themes": []},
    }


def test_offsets_count_code_points_not_bytes_or_utf16_units():
    import io

    turn = "\U0001F600 Caf\u00e9 talk. We need the caf\u00e9 open \u2014 every day."
    start = turn.index("We need")
    quote = {"id": "q1", "rank": 1, "score": 0.9, "attribution": "Ann", "speaker": "Ann", "text": turn[start:],
             "verbatim": turn[start:], "reasons": [], "turn_index": 1, "char_start": start, "char_end": len(turn)}
    report = _report([("Bob", "Hello \U0001F44B there."), ("Ann", turn)], [quote])
    buffer = io.BytesIO()
    write_qdpx_to(buffer, [report], name="t", origin="t")
    archive = zipfile.ZipFile(buffer)
    root = etree.fromstring(archive.read("project.qde"))
    text = source_texts(archive, root)[guid("made", "source")]
    assert text == source_text(report).text
    selection = root.find(f".//q:PlainTextSelection[@guid='{guid('made', 'quote', 'q1')}']", NS)
    begin, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
    assert text[begin:end] == quote["verbatim"]
    # Code points: the emoji before the quote counts once (UTF-16 would count 2, UTF-8 bytes 4).
    assert begin == len("Bob: Hello \U0001F44B there.\n\nAnn: ") + start


def test_characters_xml_cannot_hold_stay_in_the_source_but_not_in_descriptions(schema):
    import io

    turn = "A form\x0cfeed in the text. We need real money for the branch libraries now."
    start = turn.index("We need")
    quote = {"id": "q1", "rank": 1, "score": 0.5, "attribution": "Ann\x0b", "speaker": "Ann", "text": turn[start:],
             "verbatim": turn[start:], "reasons": [], "turn_index": 0, "char_start": start, "char_end": len(turn)}
    buffer = io.BytesIO()
    write_qdpx_to(buffer, [_report([("Ann", turn)], [quote])], name="t", origin="t")
    archive = zipfile.ZipFile(buffer)
    root = etree.fromstring(archive.read("project.qde"))
    assert schema.validate(root), schema.error_log
    assert "\x0c" in source_texts(archive, root)[guid("made", "source")]


def test_a_theme_models_themes_are_one_code_shared_by_every_transcript(tmp_path, schema):
    from .test_data_gaps import FAST, write_text_transcript
    from .themes_helpers import make_transcript

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, plan in [("one", ["libraries", "buses"]), ("two", ["housing", "libraries"]), ("three", ["buses", "housing"])]:
        write_text_transcript(corpus / f"{name}.txt", make_transcript(plan, tid=name))
    model = tmp_path / "models" / "councils"
    assert runner.invoke(app, ["themes", "fit", str(corpus), "--model", str(model), *FAST]).exit_code == 0
    new = [write_text_transcript(tmp_path / f"{n}.txt", make_transcript(plan, tid=n))
           for n, plan in [("a", ["libraries", "housing"]), ("b", ["housing", "buses"])]]
    out = tmp_path / "out"
    ran = runner.invoke(app, ["run", *map(str, new), "--out", str(out), "--theme-model", str(model),
                              "--set", "export.qdpx=true", *FAST])
    assert ran.exit_code == 0, ran.output
    _, root = open_project(out / "project.qdpx")
    assert schema.validate(root), schema.error_log
    parents = [c for c in root.find("q:CodeBook/q:Codes", NS) if c.get("name") == "Themes: model councils"]
    assert len(parents) == 1
    shared = {code.get("guid") for code in parents[0]}
    coded = {}
    for tid in ("a", "b"):
        report = json.loads((out / tid / "report.json").read_text(encoding="utf-8"))
        for theme in report["themes"]:
            code = guid("code", theme["model_theme_id"])
            assert code in shared
            for number, _ in enumerate(theme["stretches"]):
                selection = root.find(f".//q:PlainTextSelection[@guid='{guid(tid, 'theme', theme['id'], 'stretch', str(number))}']", NS)
                assert selection.find("q:Coding/q:CodeRef", NS).get("targetGUID") == code
                coded.setdefault(code, set()).add(tid)
    assert any(tids == {"a", "b"} for tids in coded.values())  # housing: one code, both meetings
