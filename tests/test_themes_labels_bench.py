"""The label measure of bench/themes.py: each theme's label beside the annotators' topic of its stretch."""

import importlib.util
import sys
from pathlib import Path
from types import SimpleNamespace

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _bench():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("bench_themes", BENCH / "themes.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(BENCH))


def test_a_label_is_scored_against_the_topic_holding_most_of_its_turns():
    bench = _bench()
    gold = ["topic0", "topic0", "topic1", "topic1", "topic1", "none"]
    themes = [
        SimpleNamespace(label="Petitions and statements", turn_indices=(0, 1, 2)),
        SimpleNamespace(label="Remote control buttons", turn_indices=(2, 3, 4, 5)),
        SimpleNamespace(label="Closing words", turn_indices=(5,)),  # no annotated turn: not scored
    ]
    pairs = bench.label_pairs(themes, gold, ["Presenting petitions", "Budget balancing"])
    assert pairs == [
        ("Petitions and statements", "Presenting petitions", True),
        ("Remote control buttons", "Budget balancing", False),
    ]


def test_the_pooled_share_counts_labels_not_meetings():
    bench = _bench()
    rows = [
        {"ami_ours": 0.5, "ami_contiguous": 0.4, "ami_kmeans": 0.1, "n_labels_scored": 9, "n_label_hits": 9, "single_word_labels": 0},
        {"ami_ours": 0.5, "ami_contiguous": 0.6, "ami_kmeans": 0.1, "n_labels_scored": 1, "n_label_hits": 0, "single_word_labels": 1},
    ]
    mean = bench.summarise(rows)
    assert mean["label_overlap"] == 0.9 and mean["single_word_labels"] == 1


def test_several_sources_give_the_pooled_figure_and_each_sources_own():
    bench = _bench()
    row = {"ami_ours": 0.5, "ami_contiguous": 0.4, "ami_kmeans": 0.1, "single_word_labels": 0}
    rows = [
        dict(row, source="committee", n_labels_scored=4, n_label_hits=3),
        dict(row, source="ami", n_labels_scored=6, n_label_hits=1),
    ]
    mean = bench.summarise_sources(rows, ["committee", "ami"])
    assert mean["label_overlap"] == 0.4
    assert mean["by_source"]["committee"]["label_overlap"] == 0.75 and mean["by_source"]["ami"]["label_overlap"] == round(1 / 6, 4)
    assert "by_source" not in bench.summarise_sources(rows[:1], ["committee"])
