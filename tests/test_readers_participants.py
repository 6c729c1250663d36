from pipeline.readers import read_transcript


def test_two_labels_of_one_person_become_one_speaker(tmp_path):
    (tmp_path / "m.txt").write_text("CHAIR: Welcome.\nJane Smith: Thanks.\nCHAIR  : Next item.\n", encoding="utf-8")
    (tmp_path / "m.participants.yaml").write_text(
        "Chair: Ann Lee, Editor, Town Hall Review\nAnn Lee: Ann Lee, Editor, Town Hall Review\n", encoding="utf-8"
    )
    transcript = read_transcript(tmp_path / "m.txt")
    assert [t.speaker for t in transcript.turns] == ["Chair", "Jane Smith", "Chair"]
    assert [s.label for s in transcript.speakers] == ["Chair", "Jane Smith"]
    assert transcript.speaker("Chair").attribution == "Ann Lee, Editor, Town Hall Review"
    assert any("Jane Smith" in str(w) and "registry" in str(w) for w in transcript.warnings)


def test_labels_differing_in_case_and_spacing_merge(tmp_path):
    (tmp_path / "m.txt").write_text("Jane  Smith: One.\nJANE SMITH: Two.\nJane Smith : Three.\n", encoding="utf-8")
    transcript = read_transcript(tmp_path / "m.txt")
    assert [t.speaker for t in transcript.turns] == ["Jane Smith"] * 3


import pytest  # noqa: E402

from pipeline.errors import TranscriptError  # noqa: E402

REGISTRIES = {
    "m.participants.yaml": "- label: CE1\n  name: Jane Smith\n  role: Chief Executive\n  organisation: Example City Council\n",
    "m.participants.json": '{"CE1": {"name": "Jane Smith", "role": "Chief Executive", "organization": "Example City Council"}}',
    "m.participants.csv": "label,name,role,organisation\nCE1,Jane Smith,Chief Executive,Example City Council\n",
    "participants.yml": "CE1: Jane Smith, Chief Executive, Example City Council\n",
}


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_sidecar_registry_shapes_give_full_attribution(tmp_path, name):
    (tmp_path / "m.txt").write_text("CE1: We have to stop buying the old models.\nce1: Really.\n", encoding="utf-8")
    (tmp_path / name).write_text(REGISTRIES[name], encoding="utf-8")
    transcript = read_transcript(tmp_path / "m.txt")
    assert transcript.speaker("CE1").attribution == "Jane Smith, Chief Executive, Example City Council"


@pytest.mark.parametrize(
    "name, text, line",
    [
        ("m.participants.yaml", "- label: CE1\n  name: [unclosed\n", 3),
        ("m.participants.json", '{"CE1": \n  oops}', 2),
        ("m.participants.csv", "who,what\nCE1,x\n", 1),
        ("m.participants.yaml", "just a string\n", None),
    ],
)
def test_malformed_registry_names_its_file_and_line(tmp_path, name, text, line):
    (tmp_path / "m.txt").write_text("CE1: Hello.\n", encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(TranscriptError) as info:
        read_transcript(tmp_path / "m.txt")
    assert info.value.path.endswith(name)
    assert info.value.line == line
