"""The CLI, in-process: batches with broken inputs, inspect, help for every command."""

import json
import shutil
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from pipeline.cli import app

from .conftest import shared_meetings

runner = CliRunner()
SCHEMA = json.loads(resources.files("pipeline").joinpath("schema/report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def batch(tmp_path_factory, nlp):
    """One real meeting plus an empty file, a binary file and an unsupported extension."""
    folder = tmp_path_factory.mktemp("batch")
    meeting = shared_meetings("qmsum/committee")[0]
    shutil.copy(meeting, folder / meeting.name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    out = folder / "out"
    result = runner.invoke(app, ["run", str(folder / meeting.name), str(folder / "empty.txt"),
                                 str(folder / "binary.txt"), str(folder / "notes.pdf"), "--out", str(out)])
    return meeting, out, result


def test_broken_inputs_are_reported_by_name_and_the_rest_processed(batch):
    meeting, out, result = batch
    assert result.exit_code == 1, result.output
    for name in ("empty.txt", "binary.txt", "notes.pdf"):
        assert name in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    statuses = {Path(entry["path"]).name: entry["status"] for entry in manifest["inputs"]}
    assert statuses == {meeting.name: "processed", "empty.txt": "rejected", "binary.txt": "rejected",
                        "notes.pdf": "rejected"}
    assert manifest["n_processed"] == 1 and manifest["n_rejected"] == 3
    binary = next(e for e in manifest["inputs"] if e["path"].endswith("binary.txt"))
    # the first NUL byte sits after the PNG signature's two newlines
    assert binary["error"]["line"] == 3 and "binary" in binary["error"]["reason"]


def test_report_follows_the_schema_and_reproduces_every_turn(batch):
    meeting, out, _ = batch
    report = json.loads((out / meeting.stem / "report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, SCHEMA)
    source = json.loads(meeting.read_text(encoding="utf-8"))
    # a turn whose label names a merged speaker keeps the label as written in `source_label`
    assert [(t["source_label"] or t["speaker"], t["text"]) for t in report["transcript"]["turns"]] == [
        (t["speaker"], t["text"]) for t in source["turns"]
    ]
    assert report["quotes"] == [] or isinstance(report["quotes"], list)
    assert sum(s["n_turns"] for s in report["transcript"]["speakers"]) == len(source["turns"])
    turns_csv = (out / meeting.stem / "turns.csv").read_text(encoding="utf-8")
    assert turns_csv.splitlines()[0] == "index,speaker,attribution,start,end,n_words,n_sentences,text"


def test_all_good_batch_exits_zero(tmp_path, nlp):
    meeting = shared_meetings("qmsum/ami")[0]
    result = runner.invoke(app, ["run", str(meeting), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / meeting.stem.lower() / "report.json").is_file()


def test_bad_setting_exits_2_naming_the_key(tmp_path):
    meeting = shared_meetings("qmsum/ami")[0]
    result = runner.invoke(app, ["run", str(meeting), "--out", str(tmp_path), "--set", "nlp.batch=3"])
    assert result.exit_code == 2
    assert "nlp.batch" in result.output and "nlp.batch_size" in result.output


def test_missing_model_exits_3(tmp_path):
    meeting = shared_meetings("qmsum/ami")[0]
    result = runner.invoke(app, ["run", str(meeting), "--out", str(tmp_path), "--set", "nlp.model=no_such_model"])
    assert result.exit_code == 3
    assert "no_such_model" in result.output and "pip install" in result.output


def test_inspect_shows_format_encoding_speakers(tmp_path):
    meeting = shared_meetings("qmsum/ami")[0]
    result = runner.invoke(app, ["inspect", str(meeting)])
    assert result.exit_code == 0, result.output
    for fragment in ("json-native", "utf-8", "Project Manager", "turns"):
        assert fragment in result.output
    as_json = json.loads(runner.invoke(app, ["inspect", str(meeting), "--json"]).output)
    assert as_json["n_turns"] == len(json.loads(meeting.read_text(encoding="utf-8"))["turns"])


def test_inspect_of_bad_file_names_it(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"turns": [\n  {"speaker": "A", "text": "hi"},\n  oops\n]}', encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(bad)])
    assert result.exit_code == 1
    assert "broken.json, line 3" in result.output


def _commands(typer_app):
    import typer.main

    group = typer.main.get_command(typer_app)
    return group, sorted(group.commands)


def test_every_command_has_help():
    group, names = _commands(app)
    assert {"run", "inspect"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert group.commands[name].help, f"command {name} has no help text"


def test_a_missing_input_path_exits_2_naming_it(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "no_such.vtt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "no_such.vtt" in result.output and "no such file" in result.output
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize("files", [[], ["notes.pdf", "slides.pptx"]])
def test_a_folder_without_transcripts_exits_2_naming_it(tmp_path, files):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in files:
        (folder / name).write_bytes(b"x")
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "inbox" in result.output
    for name in files:
        assert name in result.output


def test_files_skipped_for_their_extension_are_named_on_stderr_and_in_the_manifest(tmp_path, nlp):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "meeting.txt").write_text("Ann: We should fund the library.\nBob: I agree with that.\n", encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--set", "cache.enabled=false"])
    assert result.exit_code == 0, result.output
    assert "warning: skipped" in result.output and "notes.pdf" in result.output
    assert "1 transcript file " in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [Path(p).name for p in manifest["skipped"]] == ["notes.pdf"]
    # a second run over the parent folder does not read the first run's outputs
    again = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out2"), "--set", "cache.enabled=false"])
    assert again.exit_code == 0, again.output
    inputs = json.loads((tmp_path / "out2" / "manifest.json").read_text(encoding="utf-8"))["inputs"]
    assert [Path(e["path"]).name for e in inputs] == ["meeting.txt"]


def test_version_prints_the_package_version():
    from pipeline import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"roundtable {__version__}"


@pytest.mark.parametrize("n, expected", [(0, "0 quotes"), (1, "1 quote"), (2, "2 quotes")])
def test_counts_in_messages_agree_with_their_noun(n, expected):
    from pipeline.cli import plural

    assert plural(n, "quote") == expected


def test_a_model_that_is_not_installed_stops_the_run_before_out_is_made(tmp_path):
    meeting = shared_meetings("qmsum/ami")[0]
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(meeting), "--out", str(out), "--set", "nlp.model=no_such_model"])
    assert result.exit_code == 3, result.output
    assert "no_such_model" in result.output and not out.exists()


def test_chunks_longer_than_the_model_accepts_are_a_settings_error(tmp_path, nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 5_000)
    meeting = shared_meetings("qmsum/ami")[0]
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(meeting), "--out", str(out), "--set", "nlp.max_chunk_chars=6000"])
    assert result.exit_code == 2, result.output
    assert "nlp.max_chunk_chars" in result.output and "at most 5,000" in result.output
    assert "REJECTED" not in result.output and not out.exists()


def _command_paths(command, prefix=()):
    """Every command and subcommand of the app, as argument lists (`["themes", "fit"]`)."""
    yield list(prefix)
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _command_paths(sub, (*prefix, name))


HEAVY = ("spacy", "sklearn", "pandas", "matplotlib", "thinc", "scipy")


def test_help_of_every_command_loads_no_heavy_library():
    import subprocess
    import sys

    script = (
        "import sys, typer.main, pipeline.cli\n"
        "from tests.test_cli import _command_paths\n"
        "group = typer.main.get_command(pipeline.cli.app)\n"
        "for path in _command_paths(group):\n"
        "    try:\n"
        "        group.main([*path, '--help'], prog_name='roundtable', standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout[-500:]


def test_help_shows_no_python_type_labels():
    import re
    import typer.main

    group = typer.main.get_command(app)
    for path in _command_paths(group):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, result.output
        noise = re.findall(r"<(?:list\[|int|float|str|bool|path|Path|file|dir)[^>]*>|\{[A-Za-z_.]+\}", result.output)
        assert not noise, f"roundtable {' '.join(path)} --help shows {noise}"


def test_irregular_plurals_take_their_plural_noun():
    from pipeline.wording import plural

    assert plural(1, "person", "people") == "1 person" and plural(3, "person", "people") == "3 people"


def test_editor_pages_say_1_speaker_not_1_speakers():
    from pipeline.editor.page import environment

    line = environment().from_string('{{ 1 | plural("speaker") }} · {{ 2 | plural("ranked quote") }}').render()
    assert line == "1 speaker · 2 ranked quotes"
