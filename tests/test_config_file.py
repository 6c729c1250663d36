from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.config_file import render_settings_toml
from pipeline.settings import Settings, load_settings

runner = CliRunner()


def test_default_file_loads_back_to_the_same_settings(tmp_path):
    path = tmp_path / "roundtable.toml"
    path.write_text(render_settings_toml(), encoding="utf-8")
    assert load_settings(path).hash == Settings().hash


def test_changed_settings_round_trip(tmp_path):
    settings = load_settings(overrides=["nlp.batch_size=16", "seed=5"])
    path = tmp_path / "changed.toml"
    path.write_text(render_settings_toml(settings), encoding="utf-8")
    assert load_settings(path) == settings


def test_every_key_has_a_comment():
    lines = render_settings_toml().splitlines()
    for number, line in enumerate(lines):
        if "=" in line and not line.startswith("#") and not line.startswith(" "):
            assert lines[number - 1].startswith("# "), f"no comment above {line!r}"


def test_config_init_and_show(tmp_path):
    path = tmp_path / "settings.toml"
    assert runner.invoke(app, ["config", "init", str(path)]).exit_code == 0
    assert runner.invoke(app, ["config", "init", str(path)]).exit_code == 2  # refuses to overwrite
    shown = runner.invoke(app, ["config", "show", "--config", str(path), "--set", "seed=9"])
    assert shown.exit_code == 0
    assert "seed = 9" in shown.output
    assert load_settings(path, ["seed=9"]).hash in shown.output
    bad = runner.invoke(app, ["config", "show", "--set", "nope.key=1"])
    assert bad.exit_code == 2 and "nope.key" in bad.output


def test_config_show_with_a_codebook_writes_a_file_config_accepts(tmp_path):
    source = tmp_path / "codebook.toml"
    source.write_text(
        '[themes.codebook]\n"councils and the third sector" = ["voluntary sector", "charity"]\nhousing = ["rent"]\n',
        encoding="utf-8",
    )
    shown = runner.invoke(app, ["config", "show", "--config", str(source)])
    assert shown.exit_code == 0, shown.output
    assert "\n[codebook]" not in shown.output
    written = tmp_path / "shown.toml"
    written.write_text(shown.output[shown.output.index("# roundtable settings"):], encoding="utf-8")
    again = runner.invoke(app, ["config", "show", "--config", str(written)])
    assert again.exit_code == 0, again.output
    assert load_settings(written) == load_settings(source)
    assert load_settings(written).themes.codebook == {
        "councils and the third sector": ["voluntary sector", "charity"],
        "housing": ["rent"],
    }
