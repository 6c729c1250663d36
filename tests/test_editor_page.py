import base64
import copy
import csv
import hashlib
import io
import json
import re
from html import escape
from html.parser import HTMLParser

import pytest

from pipeline.editor import index_entry, render_index_page, render_report_page
from pipeline.editor.data import (
    describe_speakers,
    display_title,
    marked_pieces,
    quote_themes,
    title_is_file_name,
    turn_runs,
)
from pipeline.editor.page import (
    N_PARTICIPANTS_SHOWN,
    PAGE_VERSION,
    index_script,
    page_script,
    rejected_item,
    report_context,
    script_json,
    source_links,
)
from pipeline.runner import run
from pipeline.settings import load_settings

from .conftest import SAMPLES
from .editor_helpers import CLOSE_TAG, HOSTILE_ID, IMG_TAG, SCRIPT_TAG, editor_batch, with_participants

IDS = ["housing-panel-2024", "council-roundtable-2011", HOSTILE_ID]


class Elements(HTMLParser):
    """Every start tag of a page, as the browser's tokenizer would see it."""

    def __init__(self):
        super().__init__()
        self.tags = []
        self.ids = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if dict(attrs).get("id"):
            self.ids.append(dict(attrs)["id"])


def parse(html):
    parser = Elements()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def batch():
    return editor_batch()


def test_script_json_cannot_close_its_script_element():
    text = script_json({"t": "</script><!-- & <b>", "u": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(str(text)) == {"t": "</script><!-- & <b>", "u": "\u2028"}


@pytest.mark.parametrize(
    "sources, labels",
    [([3], ["3"]), ([3, 4], ["3", "4"]), ([22, 23, 24, 30], ["22–24", "30"]), ([5, 1, 1], ["1", "5"]), ([], [])],
)
def test_source_links_group_runs_of_turns(sources, labels):
    links = source_links(sources)
    assert [link["label"] for link in links] == labels
    assert all(link["turn"] == int(link["label"].split("–")[0]) for link in links)


@pytest.mark.parametrize(
    "text, marks, expected",
    [
        ("abcdef", [], [("abcdef", None)]),
        ("abcdef", [(1, 3, "q")], [("a", None), ("bc", "q"), ("def", None)]),
        ("abcdef", [(0, 6, "q")], [("abcdef", "q")]),
        ("abcdef", [(3, 5, "r"), (0, 2, "q")], [("ab", "q"), ("c", None), ("de", "r"), ("f", None)]),
        ("abcdef", [(0, 4, "q"), (2, 5, "r")], [("abcd", "q"), ("ef", None)]),  # overlap: the later is skipped
        ("abc", [(1, 9, "q")], [("abc", None)]),  # out of range: skipped, text intact
        ("", [], [("", None)]),
    ],
)
def test_marked_pieces_cut_a_turn_at_quote_offsets(text, marks, expected):
    pieces = marked_pieces(text, marks)
    assert pieces == expected
    assert "".join(piece for piece, _ in pieces) == text


def test_turn_runs():
    assert turn_runs([9, 3, 4, 5, 5]) == [(3, 5), (9, 9)]


@pytest.mark.parametrize("transcript_id", IDS)
def test_page_is_deterministic_and_self_contained(batch, transcript_id):
    report = batch[1][transcript_id]
    html = render_report_page(report)
    assert html == render_report_page(report)
    assert html == (batch[0] / transcript_id / "report.html").read_text(encoding="utf-8")
    tags = parse(html).tags
    # no outside resource of any kind: no src or link elements, no remote URL in an attribute or in CSS
    assert not [t for t, a in tags if t in ("link", "img", "iframe", "object", "embed", "base")]
    assert not [a for _, a in tags if "src" in a]
    assert not re.search(r"""(href|src|action)\s*=\s*["']?\s*(https?:)?//""", html)
    assert "@import" not in html and not re.search(r"url\((?!#)", html)
    # two script elements: the data (JSON, never run) and the page's own script
    scripts = [a for t, a in tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "editor-data"}, {}]


@pytest.mark.parametrize("transcript_id", IDS)
def test_page_ids_are_unique_and_every_anchor_resolves(batch, transcript_id):
    html = render_report_page(batch[1][transcript_id])
    parsed = parse(html)
    assert len(parsed.ids) == len(set(parsed.ids))
    targets = {a["href"][1:] for t, a in parsed.tags if t == "a" and a.get("href", "").startswith("#")}
    assert targets - set(parsed.ids) == set()


def test_content_security_policy_allows_only_the_page_script(batch):
    html = render_report_page(batch[1]["housing-panel-2024"])
    script, source = page_script()
    digest = base64.b64encode(hashlib.sha256(str(script).encode("utf-8")).digest()).decode()
    assert source == f"'sha256-{digest}'"
    assert f"script-src {source};" in html and "default-src 'none'" in html
    assert f"<script>{script}</script>" in html
    assert " on" not in "".join(f" {k}" for _, attrs in parse(html).tags for k in attrs)  # no onclick=...


def test_hostile_transcript_text_is_escaped_everywhere(batch):
    report = batch[1][HOSTILE_ID]
    html = render_report_page(report)
    for raw in (SCRIPT_TAG, IMG_TAG, CLOSE_TAG, "<b>Smith</b>", "panel </title>"):
        assert raw not in html
    assert html.count("</title>") == 1
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=2&#34;&gt;" in html
    tags = parse(html).tags
    assert [t for t, _ in tags].count("script") == 2 and "img" not in [t for t, _ in tags]
    assert "b" not in [t for t, _ in tags] and "title" == [t for t, _ in tags if t == "title"][0]
    # the data block holds the hostile strings intact, escaped for the script element
    data = re.search(r'<script type="application/json" id="editor-data">(.*?)</script>', html, re.DOTALL).group(1)
    payload = json.loads(data)
    assert any("<b>Smith</b>" in q["attribution"] for q in payload["quotes"])
    assert "__pwned=5" in data and "<" not in data


def test_quote_data_for_copy_and_export(batch):
    report = batch[1]["housing-panel-2024"]
    context = report_context(report)
    data = json.loads(str(context["data_json"]))
    assert [q["id"] for q in data["quotes"]] == [q["id"] for q in report["quotes"]]
    first, quote = data["quotes"][0], report["quotes"][0]
    attribution = {p["label"]: p["attribution"] for p in report["summary"]["participants"]}[quote["speaker"]]
    assert first["copy"].startswith("“" + quote["text"].rstrip(".")) and first["copy"].endswith(f"said {attribution}.")
    assert attribution.count(",") >= 1 and " of " in attribution or " at " in attribution  # name, role of/at organisation
    rows = list(csv.reader(io.StringIO(data["csv_header"] + first["csv"])))
    assert rows[0][:3] == ["rank", "quote", "attribution"] and rows[1][0] == "1" and rows[1][1] == quote["text"]
    assert rows[1][7] == quote["id"] and rows[1][8] == quote["verbatim"]
    assert first["md"].startswith("> “") and f"turn {quote['turn_index']})" in first["md"]
    assert data["storage_key"] == f"roundtable:shortlist:housing-panel-2024:{report['settings_hash']}"


def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text():
    from pipeline.editor.page import _csv_line

    assert _csv_line(["=HYPERLINK(1)", "+1", "-2", "@x", "ok"]) == "'=HYPERLINK(1),'+1,'-2,'@x,ok\r\n"


def test_quotes_belong_to_the_themes_that_list_or_cover_them(batch):
    report = batch[1]["housing-panel-2024"]
    themes = quote_themes(report)
    for theme in report["themes"]:
        for quote_id in theme["quote_ids"]:
            assert theme["id"] in themes[quote_id]


def test_page_shows_every_quote_theme_and_turn(batch):
    report = batch[1]["council-roundtable-2011"]
    parsed = parse(render_report_page(report))
    ids = set(parsed.ids)
    assert {f"row-{q['id']}" for q in report["quotes"]} <= ids
    assert {f"mark-{q['id']}" for q in report["quotes"]} <= ids
    assert {f"turn-{t['index']}" for t in report["transcript"]["turns"]} <= ids
    assert {f"theme-{t['id']}" for t in report["themes"]} <= ids
    assert len([a for t, a in parsed.tags if t == "svg"]) == 4


def test_index_lists_roundtables_with_links_and_rejected_inputs(batch):
    out, reports = batch
    entries = [index_entry(reports[i]) for i in IDS]
    html = render_index_page(entries, rejected=[{"path": "x.bin", "message": "x.bin: <binary> file"}])
    links = [a["href"] for t, a in parse(html).tags if t == "a"]
    for transcript_id in IDS:
        assert f"{transcript_id}/report.html" in links
        assert f"{transcript_id}/summary.html" in links
    assert '<div class="file">x.bin</div><p class="error">&lt;binary&gt; file</p>' in html
    # the one script is the index's own filter script, allowed by its hash and nothing else
    script, script_hash = index_script()
    assert html.count("<script") == 1 and f"<script>{script}</script>" in html
    assert f"script-src {script_hash};" in html
    assert f"{HOSTILE_ID}/report.html#row-" in html
    written = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{i}/report.html"' in written for i in IDS)


def test_run_writes_report_html_before_the_manifest(batch):
    out, _ = batch
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for record in manifest["inputs"]:
        assert f"{record['transcript_id']}/report.html" in record["outputs"]
    assert (out / "index.html").stat().st_mtime_ns <= (out / "manifest.json").stat().st_mtime_ns


def test_editor_can_be_switched_off(tmp_path):
    settings = load_settings(overrides=["editor.enabled=false"])
    run([SAMPLES / "housing-panel-2024.vtt"], settings, out_dir=tmp_path)
    assert not (tmp_path / "index.html").exists()
    assert not (tmp_path / "housing-panel-2024" / "report.html").exists()
    assert (tmp_path / "housing-panel-2024" / "summary.html").exists()


@pytest.mark.parametrize(
    "title, path, expected, from_file",
    [
        ("covid_3", "/data/qmsum/committee/covid_3.json", "Covid 3", True),
        ("housing-panel-2024", "transcripts/housing-panel-2024.vtt", "Housing panel 2024", True),
        ("Putting local first", "transcripts/council-roundtable-2011.txt", "Putting local first", False),
        ("covid_3", None, "Covid 3", True),  # no source path: the id tells
    ],
)
def test_an_untitled_transcript_gets_its_file_name_made_readable(title, path, expected, from_file):
    transcript = {"id": "covid_3" if path is None else path.rsplit("/", 1)[-1].rsplit(".", 1)[0], "title": title,
                  "source": {"path": path} if path else {}}
    assert display_title(transcript) == expected
    assert title_is_file_name(transcript) is from_file


def test_untitled_page_says_its_title_is_the_file_name(batch):
    report = batch[1]["housing-panel-2024"]  # a VTT file: no title of its own
    html = render_report_page(report)
    assert "<h1>Housing panel 2024</h1>" in html and "<title>Housing panel 2024 · roundtable</title>" in html
    assert "The transcript has no title: this is its file name, housing-panel-2024.vtt." in html
    assert "# Shortlist: Housing panel 2024" in json.loads(re.search(
        r'<script type="application/json" id="editor-data">(.*?)</script>', html).group(1))["md_header"]
    titled = render_report_page(batch[1]["council-roundtable-2011"])
    assert "has no title" not in titled
    assert index_entry(report)["title"] == "Housing panel 2024"


@pytest.mark.parametrize(
    "n_people, n_labels, expected",
    [(4, 4, "4 speakers"), (93, 96, "93 participants (96 speaker labels)"), (1, 1, "1 speaker")],
)
def test_speaker_and_participant_counts_each_say_what_they_count(batch, n_people, n_labels, expected):
    report = with_participants(batch[1]["housing-panel-2024"], n_people, n_labels)
    assert describe_speakers(report) == expected
    html = render_report_page(report)
    assert f'<span id="who-spoke">{expected}</span>' in html
    assert f"Participants ({n_people})" in html
    assert index_entry(report)["who_spoke"] == expected
    explained = f"the transcript's {n_labels} speaker labels name some people under more than one label"
    assert (explained in html) is (n_people != n_labels)


def test_a_long_participant_list_is_cut_to_a_few_with_show_all(batch):
    html = render_report_page(with_participants(batch[1]["housing-panel-2024"], 93, 96))
    aside = re.search(r'<aside class="participants".*?</aside>', html, re.S).group(0)
    shown, more = aside.split('<details class="more"', 1)
    assert shown.count("<li>") == N_PARTICIPANTS_SHOWN and more.count("<li>") == 93 - N_PARTICIPANTS_SHOWN
    assert "Show all 93 participants" in more
    assert '<div class="speakers-box"' in html  # the 96-row speakers table scrolls in a box
    short = render_report_page(batch[1]["housing-panel-2024"])
    assert '<details class="more"' not in short and '<div class="speakers-box"' not in short


def test_rejected_inputs_name_their_file_and_line_then_the_error():
    item = rejected_item({"path": "in/panel.vtt", "line": 4, "message": "in/panel.vtt, line 4: has a bad cue"})
    assert item == {"path": "in/panel.vtt", "line": 4, "message": "in/panel.vtt, line 4: has a bad cue",
                    "error": "Has a bad cue"}
    assert rejected_item({"path": "a.bin", "message": "a.bin: binary"})["error"] == "Binary"
    assert rejected_item({"path": "a.bin", "message": "something else"})["error"] == "Something else"
    html = render_index_page([], rejected=[{"path": "in/<x>.vtt", "line": 4, "message": "in/<x>.vtt, line 4: bad"}])
    assert '<div class="file">in/&lt;x&gt;.vtt, line 4</div><p class="error">Bad</p>' in html


def test_run_lists_rejected_inputs_in_the_index_with_their_line(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "broken.vtt").write_text("WEBVTT\n\nnot a cue\n00:00:xx --> garbage\n", encoding="utf-8")
    (inputs / "panel.txt").write_text("Chair: Welcome to the panel on buses.\n\nAnn Lee: The buses are late.\n",
                                      encoding="utf-8")
    run([inputs], load_settings(), out_dir=tmp_path / "out")
    html = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<div class="file">{inputs / "broken.vtt"}, line 4</div>' in html
    assert "Has a bad cue timing line" in html and 'data-status="rejected"' in html


def test_index_entry_carries_what_the_filters_match(batch):
    report = batch[1]["council-roundtable-2011"]
    entry = index_entry(report)
    assert entry["theme_labels"] == sorted({t["label"] for t in report["themes"]})
    assert len(entry["theme_labels"]) > len(entry["themes"])  # every theme, not only the top three
    for speaker in report["transcript"]["speakers"]:
        if speaker["n_words"]:
            assert (speaker.get("name") or speaker["label"]).lower() in entry["search"]
    assert entry["title"].lower() in entry["search"] and entry["status"] in ("ok", "warnings")
    html = render_index_page([entry])
    assert f'data-status="{entry["status"]}"' in html
    for label in entry["theme_labels"]:
        assert f'<option value="{escape(label)}">' in html


def test_counts_on_the_page_agree_with_their_number(batch):
    report = copy.deepcopy(batch[1]["housing-panel-2024"])
    report["summary"]["participants"][0].update(n_turns=1, n_words=1)
    html = render_report_page(report)
    assert "1 turn, 1 word</span>" in html and "1 turns" not in html
    assert f"{report['transcript']['n_turns']} turns · {report['transcript']['n_words']:,} words" in html


def test_a_new_page_version_rewrites_the_pages_of_a_cached_rerun(tmp_path, monkeypatch):
    import pipeline.compute
    import pipeline.runner

    settings = load_settings(overrides=[f'cache.dir="{tmp_path / "cache"}"'])
    out, sample = tmp_path / "out", SAMPLES / "housing-panel-2024.vtt"
    writes = []
    write_files = pipeline.runner._write_files
    monkeypatch.setattr(pipeline.runner, "_write_files", lambda *a, **k: writes.append(1) or write_files(*a, **k))
    first = run([sample], settings, out_dir=out).inputs[0]
    again = run([sample], settings, out_dir=out).inputs[0]
    assert len(writes) == 1 and again.status == "cached" and again.outputs_key == first.outputs_key
    # pages changed by a new release of the page code: the same cached report, rendered again
    monkeypatch.setattr(pipeline.compute, "PAGE_VERSION", PAGE_VERSION + "-next")
    third = run([sample], settings, out_dir=out).inputs[0]
    assert len(writes) == 2 and third.outputs_key != first.outputs_key
    assert third.parse_cached and all(third.stages_cached.values())  # nothing recomputed but the outputs
