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


# ----------------------------------------------------------------------------- registry validation


def _read_with(tmp_path, transcript: str, name: str, registry: str):
    (tmp_path / "m.txt").write_text(transcript, encoding="utf-8")
    (tmp_path / name).write_text(registry, encoding="utf-8")
    return read_transcript(tmp_path / "m.txt")


def _registry_warnings(transcript) -> list[str]:
    return [str(w) for w in transcript.warnings if "participant registry" in str(w)]


@pytest.mark.parametrize(
    "registry, expected",
    [
        # label names one person, the entry another
        ("label,name\nJane Smith,Bob Ray\nCE1,Ann Lee\n", ["m.participants.csv, line 2: the label 'Jane Smith' names one person but the entry names 'Bob Ray'"]),
        # duplicates once case, spacing and titles are set aside
        ("label,name\nCE1,Ann Lee\nJane Smith,Jane Smith\nDr. Jane  SMITH,Jane Smith\n", ["m.participants.csv, line 4: 'Dr. Jane SMITH' is a duplicate of m.participants.csv, line 3"]),
        # unused entries
        ("label,name\nCE1,Ann Lee\nJane Smith,Jane Smith\nCE9,Tom Baker\n", ["m.participants.csv, line 4: 'CE9' is unused"]),
        # the same person by title and name, Kirsty Williams AM = Kirsty Williams: no warning
        ("label,name\nCE1,Ann Lee\nJane Smith,Dr Jane Smith\n", []),
        ("CE1: Ann Lee\nJane Smith: Bob Ray\n", ["m.participants.yaml, participant number 2: the label 'Jane Smith' names one person"]),
    ],
)
def test_registry_problems_are_warnings_naming_the_entry(tmp_path, registry, expected):
    name = "m.participants.csv" if registry.startswith("label,") else "m.participants.yaml"
    transcript = _read_with(tmp_path, "CE1: Hello.\nJane Smith: Hi.\n", name, registry)
    found = _registry_warnings(transcript)
    assert len(found) == len(expected), found
    for warning, start in zip(found, expected):
        assert start in warning


def test_front_matter_and_sidecar_that_name_a_label_differently_contradict(tmp_path):
    transcript = _read_with(
        tmp_path,
        "---\nparticipants:\n  CE1: Ann Lee, Chief Executive\n---\nCE1: Hello.\n",
        "m.participants.yaml",
        "CE1: Bob Ray, Chief Executive\n",
    )
    assert transcript.speaker("CE1").name == "Bob Ray"  # the sidecar wins
    assert any("contradicts m.txt, participant number 1" in w for w in _registry_warnings(transcript))


@pytest.mark.parametrize(
    "text, line, words",
    [
        ('label,name\nCE1,"Jane Smith\nCE2,Bob Ray\n', 2, "never closed"),
        ('label,name\nCE1,Jane Smith\nCE2,"Bob" Ray\n', 3, "not valid CSV"),
        ("label,name\nCE1,Jane Smith\nCE2,Bob Ray,Director,Acme,extra\n", 3, "fields under a header"),
    ],
)
def test_a_broken_csv_registry_rejects_the_transcript_with_its_line(tmp_path, text, line, words):
    with pytest.raises(TranscriptError) as info:
        _read_with(tmp_path, "CE1: Hello.\n", "m.participants.csv", text)
    assert info.value.path.endswith("m.participants.csv")
    assert info.value.line == line
    assert words in str(info.value)
