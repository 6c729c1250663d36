"""Speaker identity: labels that name one person are one speaker, and two people never become one."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipeline.readers import read_transcript
from pipeline.readers.identity import identify_speakers, parse_label, person_key

COMMITTEE = Path(__file__).resolve().parents[2] / "shared" / "data" / "qmsum" / "committee"


def _groups(*labels: str) -> list[tuple[str, ...]]:
    return [group.labels for group in identify_speakers(list(labels))]


@pytest.mark.parametrize(
    "labels",
    [
        ("Hon. Ahmed Hussen", "Hon. Ahmed Hussen (Minister of Families, Children and Social Development)"),
        ("Mrs. Cathay Wagantall (YorktonMelville, CPC)", "Mrs. Cathay Wagantall"),
        ("The Honourable Pablo Rodriguez (Leader of the Government in the House of Commons)", "Hon. Pablo Rodriguez"),
        ("Right Hon. Justin Trudeau (Papineau, Lib.)", "Right Hon. Justin Trudeau (Prime Minister)", "Right Hon. Justin Trudeau"),
        ("Kirsty Williams AM", "Kirsty Williams"),
        ("Dr. Jane Smith", "Dr Jane Smith", "Jane Smith MSP"),
        ("Cllr Ann Lee", "Councillor Ann Lee"),
        ("Sir Keir Starmer MP", "Keir Starmer"),
        ("Mr. Alex Jones", "Alex Jones", "Dr. Alex Jones"),
        ("The Chair (Hon. Anthony Rota (NipissingTimiskaming, Lib.))", "The Chair"),
        ("The Acting Chair (Mrs. Carol Hughes)", "The Acting Chair (Mrs. Carol Hughes (AlgomaManitoulinKapuskasing, NDP))"),
        ("The Acting Chair (Mr. Bruce Stanton)", "Mr. Bruce Stanton"),
        ("Ms. Marie-Hélène Gaudreau", "Ms. Marie-Helene Gaudreau (LaurentidesLabelle, BQ)"),
    ],
)
def test_labels_naming_one_person_are_one_speaker(labels):
    assert _groups(*labels) == [labels]


@pytest.mark.parametrize(
    "labels",
    [
        ("Julie Morgan AM", "Eluned Morgan AM"),  # same surname, different first names
        ("Mr. Smith", "Mr. John Smith"),  # a surname alone may be someone else
        ("Hon. Steven Blaney", "Dr David Blaney"),
        ("Mr. John Smith", "Mrs. Jane Smith"),
        ("The Chair", "The Acting Chair (Mrs. Carol Hughes)"),  # another role
        ("Speaker 1", "Speaker 2"),
        ("Q", "A"),
        ("Mr. John Smith (Essex, CPC)", "Mr. John Smith (Leeds, Lab)"),  # two constituencies, two people
        ("Mr. Smith", "Mrs. Smith"),  # a couple
        ("Lord Smith", "Lady Smith"),
        ("Mr. Alex Jones", "Ms. Alex Jones"),
    ],
)
def test_different_people_stay_apart(labels):
    assert _groups(*labels) == [(label,) for label in labels]


def test_bare_role_stays_apart_when_two_people_are_named_for_it():
    groups = _groups("The Acting Chair (Mr. Bruce Stanton)", "The Acting Chair", "The Acting Chair (Mrs. Alexandra Mendès)")
    assert groups == [("The Acting Chair (Mr. Bruce Stanton)",), ("The Acting Chair",), ("The Acting Chair (Mrs. Alexandra Mendès)",)]
    labels = [group.label for group in identify_speakers(
        ["The Acting Chair (Mr. Bruce Stanton)", "The Acting Chair", "The Acting Chair (Mrs. Alexandra Mendès)"]
    )]
    assert len(set(labels)) == 3  # two occupants never share the shortened label


@pytest.mark.parametrize(
    "label, base, role, constituency, organisation",
    [
        ("Mr. Chris Lewis (Essex, CPC)", "Mr. Chris Lewis", None, "Essex", "CPC"),
        ("Mr. Jack Harris (St. John's East, NDP)", "Mr. Jack Harris", None, "St. John's East", "NDP"),
        ("Hon. Patty Hajdu (Minister of Health)", "Hon. Patty Hajdu", "Minister of Health", None, None),
        (
            "Hon. Mary Ng (Minister of Small Business, Export Promotion and International Trade)",
            "Hon. Mary Ng", "Minister of Small Business, Export Promotion and International Trade", None, None,
        ),
        ("Jane Smith (laughing)", "Jane Smith", None, None, None),
        ("Jane Smith", "Jane Smith", None, None, None),
    ],
)
def test_the_parenthesis_is_kept_as_role_or_constituency_and_party(label, base, role, constituency, organisation):
    parts = parse_label(label)
    assert (parts.base, parts.role, parts.constituency, parts.organisation) == (base, role, constituency, organisation)


def test_person_key_sets_aside_titles_and_suffixes_only():
    assert person_key("The Right Hon. Justin Trudeau") == "justin trudeau"
    assert person_key("Kirsty Williams AM") == "kirsty williams"
    assert person_key("Mr.") == "mr"  # nothing but a title stays itself
    assert person_key("Lord") == "lord"


def test_a_chair_is_attributed_with_the_person_named_for_the_role(tmp_path):
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps({"turns": [
        {"speaker": "The Chair (Hon. Anthony Rota (NipissingTimiskaming, Lib.))", "text": "Order."},
        {"speaker": "Mr. Chris Lewis (Essex, CPC)", "text": "Thank you."},
        {"speaker": "The Chair", "text": "Go ahead."},
        {"speaker": "Mr. Chris Lewis", "text": "My question is this."},
    ]}), encoding="utf-8")
    transcript = read_transcript(path)
    assert [turn.speaker for turn in transcript.turns] == ["The Chair", "Mr. Chris Lewis", "The Chair", "Mr. Chris Lewis"]
    chair, lewis = transcript.speakers
    assert chair.attribution == "Hon. Anthony Rota, Chair, NipissingTimiskaming, Lib."
    assert lewis.attribution == "Mr. Chris Lewis, Essex, CPC"
    assert lewis.labels == ("Mr. Chris Lewis (Essex, CPC)", "Mr. Chris Lewis")
    assert sorted((m.label, m.speaker) for m in transcript.merges) == [
        ("Mr. Chris Lewis (Essex, CPC)", "Mr. Chris Lewis"),
        ("The Chair", "The Chair"),
        ("The Chair (Hon. Anthony Rota (NipissingTimiskaming, Lib.))", "The Chair"),
    ]


def _write_with_registry(tmp_path, labels, registry: str):
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps({"turns": [{"speaker": label, "text": "Words."} for label in labels]}), encoding="utf-8")
    (tmp_path / "meeting.participants.csv").write_text(registry, encoding="utf-8")
    return read_transcript(path)


def test_the_registry_forbids_a_merge_by_naming_two_people(tmp_path):
    transcript = _write_with_registry(
        tmp_path,
        ["Mr. John Smith (Minister of Health)", "Mr. John Smith"],
        "label,name,role\nMr. John Smith (Minister of Health),John Smith,Minister of Health\nMr. John Smith,John A. Smith,\n",
    )
    assert len(transcript.speakers) == 2
    assert any("kept apart" in str(warning) for warning in transcript.warnings)


def test_the_registry_forces_a_merge_by_giving_two_labels_one_name(tmp_path):
    transcript = _write_with_registry(
        tmp_path, ["Chair", "Jane Smith"], "label,name,role\nChair,Jane Smith,Chair\n"
    )
    assert [turn.speaker for turn in transcript.turns] == ["Chair", "Chair"]
    assert [(m.label, m.speaker) for m in transcript.merges] == [("Jane Smith", "Chair")]


# What an editor expects of the shared committee meetings: each person once.
EXPECTED_MERGES = {
    "covid_3": {
        "The Chair (Hon. Anthony Rota (NipissingTimiskaming, Lib.))": "The Chair",
        "The Chair": "The Chair",
        "The Honourable Pablo Rodriguez (Leader of the Government in the House of Commons)": "Hon. Pablo Rodriguez",
        "The Acting Chair (Mrs. Carol Hughes)": "The Acting Chair",
        "The Acting Chair (Mrs. Carol Hughes (AlgomaManitoulinKapuskasing, NDP))": "The Acting Chair",
        "Hon. Ahmed Hussen (Minister of Families, Children and Social Development)": "Hon. Ahmed Hussen",
        "Mrs. Cathay Wagantall (YorktonMelville, CPC)": "Mrs. Cathay Wagantall",
        "Hon. Catherine McKenna (Minister of Infrastructure and Communities)": "Hon. Catherine McKenna",
    },
    "covid_7": {"Mr. Bruce Stanton": "The Acting Chair"},
    "covid_8": {"The Honourable Patty Hajdu (Minister of Health)": "Hon. Patty Hajdu"},
}


@pytest.mark.skipif(not COMMITTEE.is_dir(), reason="needs ../shared/data")
@pytest.mark.parametrize("path", sorted(COMMITTEE.glob("*.json")), ids=lambda p: p.stem)
def test_shared_committee_meetings_count_each_person_once(path):
    transcript = read_transcript(path)
    merged = {merge.label: merge.speaker for merge in transcript.merges}
    for label, speaker in EXPECTED_MERGES.get(path.stem, {}).items():
        assert merged.get(label) == speaker, label
    # Each person once: no two speakers share a name once titles, suffixes and parentheses are set aside,
    # and every label is read as exactly one speaker.
    people = Counter(person_key(parse_label(s.name or s.label).base) for s in transcript.speakers)
    assert [key for key, n in people.items() if n > 1] == []
    raw = {turn["speaker"] for turn in json.loads(path.read_text(encoding="utf-8"))["turns"]}
    assert sorted(label for s in transcript.speakers for label in s.labels) == sorted(raw)
    if path.stem == "covid_3":
        assert (len(raw), len(transcript.speakers)) == (96, 58)
        chair = transcript.speaker("The Chair")
        assert chair.attribution == "Hon. Anthony Rota, Chair, NipissingTimiskaming, Lib."


def test_inspect_shows_the_merges_and_the_unnamed_speakers(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    path = tmp_path / "meeting.json"
    path.write_text(json.dumps({"turns": [
        {"speaker": "Hon. Patty Hajdu (Minister of Health)", "text": "Thank you."},
        {"speaker": "SPEAKER_02", "text": "A question."},
        {"speaker": "Hon. Patty Hajdu", "text": "An answer."},
    ]}), encoding="utf-8")
    result = CliRunner().invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "speakers:  2" in result.output
    assert "'Hon. Patty Hajdu (Minister of Health)' -> 'Hon. Patty Hajdu': the same name with its parenthesis set aside" in result.output
    assert "unnamed:   1 unidentified speaker " in result.output and "  SPEAKER_02" in result.output
    data = json.loads(CliRunner().invoke(app, ["inspect", str(path), "--json"]).output)
    assert data["merges"] == [{"label": "Hon. Patty Hajdu (Minister of Health)", "speaker": "Hon. Patty Hajdu",
                               "reason": "the same name with its parenthesis set aside"}]
    assert data["unidentified"] == ["SPEAKER_02"]
    assert data["speakers"][0]["attribution"] == "Hon. Patty Hajdu, Minister of Health"


def test_text_labels_with_notes_are_identified_like_json_ones(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(
        "The Chair (Hon. Anthony Rota (Nipissing, Lib.)): Order.\nMr. Chris Lewis (Essex, CPC): Thank you.\n"
        "The Chair: Go ahead.\nMr. Chris Lewis: My question.\nHon. Anthony Rota: Speaking as a member.\n"
        "Jane Smith (Chief Executive, Acme Ltd): Hello.\n",
        encoding="utf-8",
    )
    transcript = read_transcript(path)
    assert [s.attribution for s in transcript.speakers] == [
        "Hon. Anthony Rota, Chair, Nipissing, Lib.", "Mr. Chris Lewis, Essex, CPC", "Jane Smith, Chief Executive, Acme Ltd"
    ]
    assert [t.speaker for t in transcript.turns] == ["The Chair", "Mr. Chris Lewis", "The Chair", "Mr. Chris Lewis", "The Chair", "Jane Smith"]
    assert [(m.label, m.speaker) for m in transcript.merges] == [("The Chair", "The Chair"), ("Hon. Anthony Rota", "The Chair")]


def test_the_manifest_record_lists_merges_and_unnamed_speakers(tmp_path):
    from pipeline.runner import _read_inputs
    from pipeline.settings import Settings

    path = tmp_path / "meeting.json"
    path.write_text(json.dumps({"turns": [
        {"speaker": "Mrs. Cathay Wagantall (YorktonMelville, CPC)", "text": "Thank you."},
        {"speaker": "Speaker 2", "text": "A question."},
        {"speaker": "Mrs. Cathay Wagantall", "text": "An answer."},
    ]}), encoding="utf-8")
    [(record, transcript)] = list(_read_inputs([path], Settings()))
    assert record.merges == [
        "'Mrs. Cathay Wagantall (YorktonMelville, CPC)' -> 'Mrs. Cathay Wagantall': the same name with its parenthesis set aside"
    ]
    assert record.unidentified == ["Speaker 2"]
    assert record.to_dict()["merges"] == record.merges


def test_a_middle_initial_is_the_same_person_unless_two_initials_compete():
    groups = identify_speakers(["Hon. Harjit S. Sajjan", "Hon. Harjit Sajjan (Minister of National Defence)", "Mr. Jones"])
    assert groups[0].labels == ("Hon. Harjit S. Sajjan", "Hon. Harjit Sajjan (Minister of National Defence)")
    assert any("middle initial" in reason for _, reason in groups[0].joined)
    # "John A. Smith" and "John B. Smith" could each be "John Smith": nobody is merged
    apart = identify_speakers(["John A. Smith", "John B. Smith", "John Smith"])
    assert [g.labels for g in apart] == [("John A. Smith",), ("John B. Smith",), ("John Smith",)]
    # an initial alone is no middle initial: "J. Smith" and "John Smith" stay apart
    assert [g.labels for g in identify_speakers(["J. Smith", "John Smith"])] == [("J. Smith",), ("John Smith",)]
