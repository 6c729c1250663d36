"""Themes on real committee meetings (QMSum): sane shares, one main theme per turn, agreement with the
annotators' topics better than clustering raw turns."""

import json

import pytest
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score

from pipeline.settings import Settings
from pipeline.themes import find_themes

from .conftest import shared_meetings

MEETINGS = [p for p in shared_meetings("qmsum/committee") if p.stem in ("education_1", "education_19")]


def gold_topics(path):
    meeting = json.loads(path.read_text(encoding="utf-8"))
    labels = ["none"] * len(meeting["turns"])
    for number, topic in enumerate(meeting["topic_list"]):
        for start, end in topic["spans"]:
            for turn in range(int(start), int(end) + 1):
                if labels[turn] == "none":
                    labels[turn] = f"t{number}"
    return labels


@pytest.mark.parametrize("path", MEETINGS, ids=[p.stem for p in MEETINGS])
def test_committee_meeting_themes(path, parse_meeting):
    parsed = parse_meeting(path)
    settings = Settings()
    result = find_themes(parsed, settings.themes, seed=settings.seed)
    assert settings.themes.min_themes <= len(result.themes) <= settings.themes.max_themes
    assert sum(t.share for t in result.themes) + result.unassigned_share == pytest.approx(1.0, abs=0.002)
    turns = [i for theme in result.themes for i in theme.turn_indices]
    assert len(turns) == len(set(turns))
    assert all(theme.label and theme.keywords and theme.speakers for theme in result.themes)
    assert result.stability is not None and 0.3 <= result.stability <= 1.0

    gold = gold_topics(path)
    ours = [theme_id or "none" for theme_id in result.turn_themes]
    texts = [turn.text for turn in parsed.transcript.turns]
    vectors = TfidfVectorizer(stop_words="english").fit_transform(texts)
    kmeans = KMeans(n_clusters=len(result.themes), n_init=10, random_state=0).fit_predict(vectors)
    ours_ami = adjusted_mutual_info_score(gold, ours)
    assert ours_ami > 0.3
    assert ours_ami > adjusted_mutual_info_score(gold, kmeans) + 0.1
