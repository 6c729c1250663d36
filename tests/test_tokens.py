import pytest
from spacy.tokens import Doc

from pipeline.tokens import token_table, token_tables

from .conftest import shared_meetings

# (column of the table, what spaCy's Token gives for it)
COLUMNS = [
    ("words", lambda token: token.text),
    ("lower_", lambda token: token.lower_),
    ("lemma_", lambda token: token.lemma_),
    ("pos_", lambda token: token.pos_),
    ("tag_", lambda token: token.tag_),
    ("dep_", lambda token: token.dep_),
    ("ent_type_", lambda token: token.ent_type_),
    ("head", lambda token: token.head.i),
    ("whitespace", lambda token: bool(token.whitespace_)),
    ("idx", lambda token: token.idx),
    ("is_punct", lambda token: token.is_punct),
    ("is_space", lambda token: token.is_space),
    ("is_alpha", lambda token: token.is_alpha),
    ("is_stop", lambda token: token.is_stop),
    ("like_num", lambda token: token.like_num),
]

TEXTS = [
    "",
    "Hello",
    "  ",
    "We must act now.  The budget is gone!\nNext year, Ms. O'Neill said, is worse? {vocalsound} 3.5m",
    "Um, uh, the the council -- cannot keep buying the old models",
]


def _same_as_spacy(doc: Doc, table) -> None:
    for name, read in COLUMNS:
        assert list(getattr(table, name)) == [read(token) for token in doc], name
    assert table.text == doc.text
    assert len(table) == len(doc)
    assert table.has_sentences == doc.has_annotation("SENT_START")
    if table.has_sentences:
        assert table.sentence_bounds() == [(sent.start, sent.end) for sent in doc.sents]


@pytest.mark.parametrize("text", TEXTS)
def test_table_reads_what_spacy_tokens_give(nlp, text):
    doc = nlp(text)
    _same_as_spacy(doc, token_table(doc))


def test_tables_of_many_docs_are_the_tables_of_each(nlp):
    docs = [nlp(text) for text in TEXTS * 2]
    tables = token_tables(docs)
    assert len(tables) == len(docs)
    for doc, table in zip(docs, tables):
        _same_as_spacy(doc, table)
    assert token_tables([]) == []


def test_doc_without_sentence_boundaries_raises_as_spacy_does(nlp):
    doc = nlp.make_doc("Two words and more")  # tokenised only: no parser, no sentence starts
    table = token_table(doc)
    assert not table.has_sentences
    with pytest.raises(ValueError) as spacy_error:
        list(doc.sents)
    with pytest.raises(ValueError) as table_error:
        table.sentence_bounds()
    assert str(table_error.value) == str(spacy_error.value)


def test_empty_doc_has_no_sentences(nlp):
    assert token_table(nlp("")).sentence_bounds() == []


def test_tables_match_spacy_on_a_real_meeting(parse_meeting):
    parsed = parse_meeting(shared_meetings("qmsum/committee")[0])
    assert len(parsed.tables) == len(parsed.docs)
    assert parsed.tables is parsed.tables  # made once, shared by the steps
    for doc, table in zip(parsed.docs, parsed.tables):
        _same_as_spacy(doc, table)


def test_report_counts_the_sentences_spacy_gives(nlp, parse_meeting):
    """turns' n_sentences come from the shared token tables now: the same counts as `doc.sents`."""
    from pipeline.report import turn_rows

    from .conftest import shared_meetings

    parsed = parse_meeting(shared_meetings("qmsum/ami")[0])
    rows = turn_rows(parsed)
    assert [row["n_sentences"] for row in rows] == [len(list(d.sents)) if len(d) else 0 for d in parsed.docs]
    assert any(row["n_sentences"] > 1 for row in rows)
