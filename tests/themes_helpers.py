"""Small hand-made meetings for the theme tests: a few subjects, each talked about in its own stretch."""

from __future__ import annotations

from pipeline.nlp import parse_transcript
from pipeline.records import Speaker, Transcript, Turn
from pipeline.settings import NlpSettings

SUBJECTS = {
    "libraries": ["library", "book", "reading", "librarian", "opening hours", "children's reading scheme", "branch library"],
    "buses": ["bus route", "fare", "timetable", "bus operator", "depot", "bus shelter", "rural service"],
    "housing": ["damp", "repair", "mould", "tenant", "housing association", "council house", "boiler"],
}
PLANTED = ["charity", "volunteer", "third sector", "voluntary group", "community group", "grant"]
TEMPLATES = [
    "We have looked hard at the {a} and the {b}, and residents keep telling us the {c} matters most.",
    "Honestly, the {a} is under real pressure, because the {b} costs more every year and the {c} is stretched.",
    "My worry about the {a} is simple: without the {b} we lose the {c} altogether.",
    "If you ask people about the {a}, they talk about the {b} first and the {c} second.",
]
SPEAKERS = ["Ann Lee", "Bob Hart", "Cath Moss", "Dev Rao"]


def sentences(words: list[str], n: int, offset: int = 0) -> list[str]:
    out = []
    for i in range(n):
        k = offset + i
        out.append(
            TEMPLATES[k % len(TEMPLATES)].format(
                a=words[k % len(words)], b=words[(k + 2) % len(words)], c=words[(k + 4) % len(words)]
            )
        )
    return out


def make_transcript(
    plan: list[str], *, turns_per_block: int = 6, planted_every: int = 0, chatter: bool = True, tid: str = "made-up"
) -> Transcript:
    """Turns following `plan` (subject names in order); `planted_every` adds a third-sector turn every N turns."""
    turns = []
    count = 0
    for block, subject in enumerate(plan):
        for i in range(turns_per_block):
            speaker = SPEAKERS[(block + i) % len(SPEAKERS)]
            text = " ".join(sentences(SUBJECTS[subject], 3, offset=block * 7 + i))
            if chatter and i == 0:
                text = "Thank you, Chair. " + text
            turns.append(Turn(index=len(turns), speaker=speaker, text=text))
            count += 1
            if planted_every and count % planted_every == 0:
                planted = " ".join(sentences(PLANTED, 3, offset=count))
                turns.append(Turn(index=len(turns), speaker=SPEAKERS[count % 4], text=planted))
            if chatter and i == 2:
                turns.append(Turn(index=len(turns), speaker="Chair", text="Okay. Thank you."))
    speakers = tuple(Speaker(label=label) for label in sorted({t.speaker for t in turns}))
    return Transcript(id=tid, title=tid, turns=tuple(turns), speakers=speakers)


def parse(nlp, transcript: Transcript):
    return parse_transcript(transcript, nlp, NlpSettings())
