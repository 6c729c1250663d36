"""The editor's page driven as a person would: in a real headless Chromium (Debian's /usr/bin/chromium,
installed by scripts/test.sh), opened from disk with file://, with every request that is not the page
itself refused and recorded. Playwright only drives the browser; it never downloads one."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from pipeline.editor import index_entry, render_index_page, render_report_page
from pipeline.editor.data import display_title

from .editor_helpers import HOSTILE_ID, editor_batch, with_participants

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("ROUNDTABLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT = Path(os.environ.get("ROUNDTABLE_SCREENSHOT", "/tmp/editor-report.png"))
HOUSING = "housing-panel-2024"


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        message = f"no browser at {CHROMIUM}: install Debian's chromium (scripts/test.sh does, as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def out():
    return editor_batch()[0]


class Visit:
    """A page opened from disk, with what it tried to fetch and any script error recorded."""

    def __init__(self, context, url: str):
        self.url = url
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.accept()))
        self.page.goto(url)

    def outside_requests(self) -> list[str]:
        """Requests other than the page itself (and its blob: downloads)."""
        return [u for u in self.requests if u.split("#")[0] != self.url.split("#")[0] and not u.startswith("blob:")]


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1360, "height": 900})
    refused: list[str] = []

    def refuse(route):
        refused.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(("file:", "blob:", "data:")), refuse)
    context.refused = refused
    yield context
    context.close()
    assert refused == [], f"the page tried to reach the network: {refused}"


def visit(context, path: Path) -> Visit:
    return Visit(context, path.resolve().as_uri())


def visible_rows(page) -> list[dict]:
    return page.eval_on_selector_all(
        "#quote-table tbody tr",
        """rows => rows.filter(r => !r.hidden).map(r => ({
            id: r.dataset.id, speaker: r.dataset.speaker, themes: r.dataset.themes.split(' '),
            score: parseFloat(r.dataset.score), text: r.querySelector('blockquote').textContent}))""",
    )


def page_data(page) -> dict:
    return json.loads(page.text_content("#editor-data"))


def test_page_opens_offline_with_everything_on_it(context, out):
    visit_ = visit(context, out / HOUSING / "report.html")
    page = visit_.page
    report = editor_batch()[1][HOUSING]
    assert page.title().startswith(display_title(report["transcript"]))
    assert page.locator("figure.chart > svg").count() == 4
    assert page.locator("#quote-table tbody tr").count() == len(report["quotes"])
    assert page.locator("article.theme").count() == len(report["themes"])
    assert page.locator("ol.turns li.turn").count() == report["transcript"]["n_turns"]
    assert page.locator("ol.turns mark.q").count() == len(report["quotes"])
    assert page.text_content("#quote-count") == f"{len(report['quotes'])} of {len(report['quotes'])} quotes shown"
    # a summary sentence links to the turn it rests on, and following it lands on that turn
    headline_turn = report["summary"]["headline"]["sources"][0]
    page.click(f"#summary .headline a[href='#turn-{headline_turn}']")
    assert page.evaluate("location.hash") == f"#turn-{headline_turn}"
    assert page.locator(f"#turn-{headline_turn}").is_visible()
    assert visit_.errors == [] and visit_.outside_requests() == []


def test_filter_by_speaker_theme_and_score(context, out):
    page = visit(context, out / HOUSING / "report.html").page
    report = editor_batch()[1][HOUSING]
    speaker = report["quotes"][0]["speaker"]
    page.select_option("#f-speaker", speaker)
    rows = visible_rows(page)
    assert rows and {r["speaker"] for r in rows} == {speaker}
    assert len(rows) == sum(1 for q in report["quotes"] if q["speaker"] == speaker)
    assert page.text_content("#quote-count") == f"{len(rows)} of {len(report['quotes'])} quotes shown"

    page.click("#f-reset")
    theme = next(t for t in report["themes"] if t["quote_ids"])
    page.select_option("#f-theme", theme["id"])
    rows = visible_rows(page)
    assert set(theme["quote_ids"]) <= {r["id"] for r in rows}
    assert all(theme["id"] in r["themes"] for r in rows)

    # the score slider, moved with the keyboard as a person without a mouse would
    page.click("#f-reset")
    page.focus("#f-score")
    for _ in range(15):
        page.keyboard.press("ArrowRight")
    assert page.text_content("#f-score-value") == "0.75"
    rows = visible_rows(page)
    assert all(r["score"] >= 0.75 for r in rows)
    assert len(rows) == sum(1 for q in report["quotes"] if q["score"] >= 0.75)
    page.click("#f-reset")
    assert len(visible_rows(page)) == len(report["quotes"])


def test_search_as_you_type_with_the_slash_key(context, out):
    page = visit(context, out / HOUSING / "report.html").page
    page.click("h1")  # focus on the page, not on a field
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "f-search"
    counts = []
    for char in "mould":
        page.keyboard.type(char)
        counts.append(len(visible_rows(page)))
    assert counts[0] >= counts[-1] > 0  # narrows while typing
    assert all("mould" in r["text"].lower() for r in visible_rows(page))
    page.keyboard.type(" zzzqqq")
    assert visible_rows(page) == [] and page.locator("#no-match").is_visible()
    page.keyboard.press("Escape")
    assert page.input_value("#f-search") == "" and len(visible_rows(page)) == page.locator("#quote-table tbody tr").count()
    # typographic apostrophes match straight ones
    page.fill("#f-search", "can't plan")
    rows = visible_rows(page)  # the one quote holding "can’t plan" (typographic in the transcript)
    assert len(rows) == 1 and rows[0]["id"].startswith("q29-") and "plan" in rows[0]["text"]


def test_starred_shortlist_survives_a_reload(context, out):
    page = visit(context, out / HOUSING / "report.html").page
    ids = [q["id"] for q in editor_batch()[1][HOUSING]["quotes"]]
    page.click(f"#row-{ids[2]} button.star")
    page.focus(f"#row-{ids[0]} button.star")  # and one with the keyboard
    page.keyboard.press("Enter")
    assert page.get_attribute(f"#row-{ids[0]} button.star", "aria-pressed") == "true"
    assert page.text_content("#shortlist-count") == "2"
    page.reload()
    assert page.get_attribute(f"#row-{ids[0]} button.star", "aria-pressed") == "true"
    assert page.get_attribute(f"#row-{ids[2]} button.star", "aria-pressed") == "true"
    assert page.get_attribute(f"#row-{ids[1]} button.star", "aria-pressed") == "false"
    assert page.text_content("#nav-shortlist-count") == "2"
    items = page.locator("#shortlist-list li q").all_text_contents()
    quotes = editor_batch()[1][HOUSING]["quotes"]
    assert items == [quotes[0]["text"], quotes[2]["text"]]  # in rank order
    page.check("#f-starred")
    assert [r["id"] for r in visible_rows(page)] == [ids[0], ids[2]]
    # removing from the shortlist panel unstars the row and keeps focus in the panel
    page.click("#shortlist-list li:first-child button.unstar")
    assert page.get_attribute(f"#row-{ids[0]} button.star", "aria-pressed") == "false"
    assert page.evaluate("document.activeElement.className") == "unstar"
    page.reload()
    assert page.text_content("#shortlist-count") == "1"


def test_export_shortlist_as_csv_and_markdown(context, out, tmp_path):
    page = visit(context, out / HOUSING / "report.html").page
    quotes = editor_batch()[1][HOUSING]["quotes"]
    assert page.is_disabled("#export-csv")
    for quote in (quotes[1], quotes[3]):
        page.click(f"#row-{quote['id']} button.star")
    with page.expect_download() as download:
        page.click("#export-csv")
    assert download.value.suggested_filename == f"{HOUSING}-shortlist.csv"
    path = tmp_path / "shortlist.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["quote_id"] for r in rows] == [quotes[1]["id"], quotes[3]["id"]]
    assert rows[0]["quote"] == quotes[1]["text"] and rows[0]["verbatim"] == quotes[1]["verbatim"]
    assert rows[0]["rank"] == "2" and rows[0]["turn"] == str(quotes[1]["turn_index"])

    with page.expect_download() as download:
        page.click("#export-md")
    assert download.value.suggested_filename == f"{HOUSING}-shortlist.md"
    download.value.save_as(tmp_path / "shortlist.md")
    markdown = (tmp_path / "shortlist.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Shortlist: Housing panel 2024")  # the untitled VTT file's name, made readable
    assert markdown.count("> “") == 2 and quotes[3]["text"].split(",")[0] in markdown


def test_copy_puts_the_quote_and_its_attribution_on_the_clipboard(context, out):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    visit_ = visit(context, out / HOUSING / "report.html")
    page = visit_.page
    data = page_data(page)
    first = data["quotes"][0]
    page.click(f"#row-{first['id']} button.copy")
    expect(page.locator("#status")).to_have_text(f"Copied quote {first['rank']} with its attribution.")
    assert page.evaluate("navigator.clipboard.readText()") == first["copy"]
    assert first["copy"].startswith("“") and "said" in first["copy"]

    # without the Clipboard API (an older browser, or a page that is not a secure context) the fallback copies
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true})")
    second = data["quotes"][1]
    page.focus(f"#row-{second['id']} button.copy")
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_have_text(f"Copied quote {second['rank']} with its attribution.")
    assert page.evaluate("document.activeElement.classList.contains('copy')")  # focus back on the button
    reader = context.new_page()
    reader.goto(visit_.url)
    assert reader.evaluate("navigator.clipboard.readText()") == second["copy"]
    reader.close()


def test_hostile_transcript_shows_markup_as_text_and_runs_nothing(context, out):
    visit_ = visit(context, out / HOSTILE_ID / "report.html")
    page = visit_.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    transcript = page.inner_text("#transcript")
    assert "<script>window.__pwned=1</script>" in transcript
    assert '<img src=x onerror="window.__pwned=2">' in transcript
    assert "</script><script>window.__pwned=3</script>" in transcript
    assert page.locator("img").count() == 0 and page.locator("script").count() == 2
    assert "</title><script>window.__pwned=4</script>" in page.title()
    # the names with markup go through the script too: star, shortlist, copy
    for row in page.locator("#quote-table tbody tr").all():
        row.locator("button.star").click()
    assert "Jane <b>Smith</b>" in page.inner_text("#shortlist-list")
    assert page.locator("#shortlist b, #shortlist script").count() == 0
    with page.expect_download() as download:
        page.click("#export-md")
    assert "window.__pwned" not in page.evaluate("Object.keys(window).join(' ')")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert download.value.suggested_filename == f"{HOSTILE_ID}-shortlist.md"
    assert visit_.errors == [] and visit_.outside_requests() == []


def test_a_report_with_nothing_found_still_works(context, tmp_path):
    report = editor_batch()[1][HOUSING]
    bare = {**report, "quotes": [], "themes": [], "themes_info": None, "summary": None}
    path = tmp_path / "bare.html"
    path.write_text(render_report_page(bare), encoding="utf-8")
    visit_ = visit(context, path)
    page = visit_.page
    assert page.text_content("#quote-count") == "0 of 0 quotes shown"
    page.keyboard.press("/")
    page.keyboard.type("rent")
    assert page.locator("#summary").count() == 0 and page.locator("ol.turns li.turn").count() == 35
    assert page.locator("figure.chart > svg").count() == 2  # share of talk and voice balance: no themes
    assert visit_.errors == [] and visit_.outside_requests() == []


def test_index_links_to_every_report(context, out):
    visit_ = visit(context, out / "index.html")
    page = visit_.page
    reports = editor_batch()[1]
    assert page.locator("article.roundtable").count() == len(reports)
    page.click(f"#rt-{HOUSING}-title a")
    page.wait_for_url("**/housing-panel-2024/report.html")
    assert page.locator("#quote-table").is_visible()
    page.go_back()
    first_quote = page.locator(f"#rt-{HOUSING} ol.quotes a").first
    first_quote.click()
    quote_id = reports[HOUSING]["quotes"][0]["id"]
    page.wait_for_url(lambda url: url.endswith(f"/{HOUSING}/report.html#row-{quote_id}"))
    assert page.locator(f"#row-{quote_id}").is_visible()
    assert visit_.errors == []


def test_print_hides_the_controls(context, out):
    page = visit(context, out / HOUSING / "report.html").page
    page.click(f"#row-{editor_batch()[1][HOUSING]['quotes'][0]['id']} button.star")
    page.emulate_media(media="print")
    assert not page.locator(".controls").is_visible()
    assert not page.locator("nav.sections").is_visible()
    assert not page.locator("button.star").first.is_visible()
    assert page.locator("#quote-table").is_visible() and page.locator("#shortlist").is_visible()
    page.emulate_media(media="screen")
    assert page.locator(".controls").is_visible()


def test_screenshot_of_a_working_page(context, out):
    """The picture a person would see with two quotes starred and a filter on (look at it after a run)."""
    page = visit(context, out / HOUSING / "report.html").page
    quotes = editor_batch()[1][HOUSING]["quotes"]
    for quote in quotes[:2]:
        page.click(f"#row-{quote['id']} button.star")
    page.fill("#f-search", "damp")
    page.locator("#quotes").scroll_into_view_if_needed()
    page.evaluate("document.getElementById('quotes').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOT))
    page.screenshot(path=str(SCREENSHOT.with_name(SCREENSHOT.stem + "-full.png")), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


COUNCIL = "council-roundtable-2011"


def shown(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "items => items.filter(i => !i.hidden).map(i => i.id || i.dataset.search)")


def test_index_filters_by_search_theme_and_status(context, tmp_path):
    reports = editor_batch()[1]
    entries = [index_entry(reports[i]) for i in sorted(reports)]
    rejected = [{"path": "inputs/broken.vtt", "line": 4, "message": "inputs/broken.vtt, line 4: has a bad cue timing line"}]
    path = tmp_path / "index.html"
    path.write_text(render_index_page(entries, rejected=rejected), encoding="utf-8")
    visit_ = visit(context, path)
    page = visit_.page
    total = len(entries) + 1
    assert page.text_content("#shown-count") == f"{total} of {total} inputs shown"
    assert page.locator(".controls").is_visible() and page.locator("section.rejected").is_visible()
    assert page.text_content("ul.rejected .file") == "inputs/broken.vtt, line 4"
    assert page.text_content("ul.rejected .error") == "Has a bad cue timing line"

    # a speaker's name finds the meeting they spoke in, typed as a person types
    page.click("#f-search")
    page.keyboard.type("daniel asante")
    assert shown(page, "article.roundtable") == [f"rt-{HOUSING}"]
    assert not page.locator("section.rejected").is_visible()
    assert page.text_content("#shown-count") == f"1 of {total} inputs shown"
    page.keyboard.type(" zzzqqq")
    assert shown(page, "article.roundtable") == [] and page.locator("#no-match").is_visible()
    page.keyboard.press("Escape")
    assert len(shown(page, "article.roundtable")) == len(entries)

    # a theme that is not in any meeting's top three still finds its meeting
    label = next(t["label"] for t in sorted(reports[COUNCIL]["themes"], key=lambda t: t.get("share") or 0))
    page.select_option("#f-theme", label)
    assert shown(page, "article.roundtable") == [f"rt-{COUNCIL}"]

    page.click("#f-reset")
    page.select_option("#f-status", "rejected")
    assert shown(page, "article.roundtable") == [] and page.locator("ul.rejected li").is_visible()
    page.select_option("#f-status", "ok")
    assert not page.locator("section.rejected").is_visible()
    assert set(shown(page, "article.roundtable")) == {f"rt-{e['id']}" for e in entries if e["status"] == "ok"}
    page.click("#f-reset")
    assert page.text_content("#shown-count") == f"{total} of {total} inputs shown"
    assert visit_.errors == [] and visit_.outside_requests() == []


def test_heatmap_legend_and_theme_names_shown_whole(context, out):
    report = editor_batch()[1][COUNCIL]
    page = visit(context, out / COUNCIL / "report.html").page
    heatmap = " ".join(page.locator("#chart-heatmap svg text").all_text_contents())
    assert "100%" in heatmap and "shade: share of the speaker's words" in heatmap
    assert page.locator("#chart-heatmap svg image").count() == 2  # the cells and the colour scale
    for key in ("timeline", "heatmap"):
        texts = " ".join(" ".join(page.locator(f"#chart-{key} svg text").all_text_contents()).split())
        assert "…" not in texts
        for theme in report["themes"]:
            assert theme["label"] in texts.replace("- ", "")
    # nothing on the page clips a theme's name: its card heading and chips show it whole
    clipped = page.eval_on_selector_all(
        "article.theme h3, span.chip, ul.themes li",
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)",
    )
    assert clipped == []
    assert page.locator("article.theme h3").all_text_contents()[: len(report["themes"])] == [
        t["label"] for t in report["themes"]
    ]


def test_a_long_participant_list_leaves_no_white_gap(context, tmp_path):
    report = with_participants(editor_batch()[1][HOUSING], 93, 96)
    path = tmp_path / "report.html"
    path.write_text(render_report_page(report), encoding="utf-8")
    visit_ = visit(context, path)
    page = visit_.page

    def box(selector):
        return page.locator(selector).bounding_box()

    article, aside = box("#summary .article"), box("aside.participants")
    assert aside["y"] + aside["height"] <= article["y"] + article["height"] + 1  # the list ends before the summary
    assert page.locator("aside.participants li:visible").count() == 12
    page.click("#participants-more summary")
    assert page.locator("aside.participants li:visible").count() == 93
    scroller = page.locator("#participants-more ul")
    height, scroll_height = scroller.evaluate("u => [u.clientHeight, u.scrollHeight]")
    assert height <= 28 * 16 + 1 < scroll_height  # opened, the whole list scrolls in a box
    speakers = box("#speakers-box")
    assert speakers["height"] <= 30 * 16 + 1  # and so does the table of 96 speaker labels
    assert page.text_content("#who-spoke") == "93 participants (96 speaker labels)"
    assert visit_.errors == [] and visit_.outside_requests() == []
