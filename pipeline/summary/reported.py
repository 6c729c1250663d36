"""The brief as reported speech an editor can print: every sentence attributed, only spoken words quoted.

    Ian Stroud, chief executive of Brackleton Council, said: “The money's there. The speed isn't.”

A line is an attribution (`speakers.describe_speaker`, in the piece's attribution style), a frame from the
fixed set `REPORTING_FRAMES`, and inside curly quotation marks the clean reading of one or more
consecutive brief sentences of that speaker (markup and fillers out; words never added, changed or
reordered). Nothing is paraphrased: 'X said the money was there' is never written. `Brief.sentences`
keeps each quoted sentence's verbatim and offsets beside the line.

Frames: a speaker's first line "said:", or "told the meeting:" straight after a line that used "said:"
(never the same frame twice in a row); a speaker quoted earlier in the brief "added:", named without
their role. Under the Chatham House Rule people are described by role only: "One chief executive said:",
then "Another chief executive told the meeting:", "The same chief executive added:".
"""

from __future__ import annotations

import re
from typing import Sequence

from ..records import BriefLine, Speaker, SummarySentence, Transcript, count_words
from .speakers import describe_speaker

REPORTING_FRAMES = ("said:", "told the meeting:", "added:")
OPEN_QUOTE, CLOSE_QUOTE = "\u201c", "\u201d"


# A first mention longer than this many words ("Hon. Chrystia Freeland, deputy prime minister and minister of
# Intergovernmental Affairs") costs the brief a line of speech: the brief names such a speaker by name, and
# the participants list gives the whole description.
MAX_ATTRIBUTION_WORDS = 10


def first_mention(speaker: Speaker, *, style: str = "named", chair: bool = False) -> str:
    """How a brief line names a speaker the first time: the full description, or their name when that runs
    past MAX_ATTRIBUTION_WORDS."""
    full = describe_speaker(speaker, style=style, chair=chair)
    if style == "named" and count_words(full) > MAX_ATTRIBUTION_WORDS:
        return describe_speaker(speaker, style=style, full=False, chair=chair)
    return full


def attribution_words(
    transcript: Transcript, label: str, *, style: str = "named", chair: bool = False
) -> tuple[int, int]:
    """The most words a line of `label` spends outside its quotation marks: (first, later), for their
    first line (full description and the longest frame) and for any line after it (their name, or "the
    same ...", and "added:"). The brief charges these to the sentences it chooses, so the printed brief
    (which also shares one attribution between consecutive sentences) never exceeds its budget."""
    speaker = transcript.speaker(label)
    longest = max(count_words(frame) for frame in REPORTING_FRAMES)
    if style == "chatham_house":
        noun = count_words(describe_speaker(speaker, style=style, chair=chair)) - 1  # "a chief executive"
        if chair:  # "the chair" throughout
            return noun + 1 + longest, noun + 1 + count_words("added:")
        return noun + 1 + longest, noun + 2 + count_words("added:")  # "another ...", "the same ..."
    full = count_words(first_mention(speaker, style=style, chair=chair))
    short = count_words(describe_speaker(speaker, style=style, full=False, chair=chair))
    return full + longest, short + count_words("added:")


def _chatham_house_descriptions(labels: Sequence[str], transcript: Transcript, chairs: frozenset[str]) -> list[str]:
    """"one chief executive", "another chief executive", "the same chief executive" per line."""
    out: list[str] = []
    seen: dict[str, list[str]] = {}  # role description -> labels described by it so far
    for label in labels:
        base = describe_speaker(transcript.speaker(label), style="chatham_house", chair=label in chairs)
        if base.startswith("the "):  # "the chair": one person
            out.append(base)
            continue
        noun = re.sub(r"^an? ", "", base)
        labels_so_far = seen.setdefault(noun, [])
        if label in labels_so_far:
            out.append(f"the same {noun}" if len(labels_so_far) == 1 else f"one {noun}")
        else:
            out.append(f"another {noun}" if labels_so_far else f"one {noun}")
            labels_so_far.append(label)
    return out


def report_brief(
    sentences: Sequence[SummarySentence],
    transcript: Transcript,
    *,
    style: str = "named",
    chairs: frozenset[str] = frozenset(),
) -> tuple[BriefLine, ...]:
    """The brief's sentences (meeting order, each with a speaker) as attributed lines: consecutive
    sentences of one speaker share a line."""
    groups: list[list[int]] = []
    for index, sentence in enumerate(sentences):
        if sentence.speaker is None:
            raise ValueError(f"brief sentence {index} has no speaker; every printed sentence must be attributed")
        if groups and sentences[groups[-1][-1]].speaker == sentence.speaker:
            groups[-1].append(index)
        else:
            groups.append([index])
    labels = [str(sentences[group[0]].speaker) for group in groups]
    if style == "chatham_house":
        descriptions = _chatham_house_descriptions(labels, transcript, chairs)
    lines: list[BriefLine] = []
    quoted_before: set[str] = set()
    previous_frame = None
    for number, (group, label) in enumerate(zip(groups, labels)):
        returning = label in quoted_before
        if returning:
            frame = "added:"
        else:
            frame = "told the meeting:" if previous_frame == "said:" else "said:"
        if style == "chatham_house":
            who = descriptions[number]
        else:
            speaker = transcript.speaker(label)
            who = (
                describe_speaker(speaker, style=style, full=False, chair=label in chairs)
                if returning
                else first_mention(speaker, style=style, chair=label in chairs)
            )
        quoted = " ".join(sentences[i].text for i in group)
        # "Jane Smith, chief executive of X, said:" closes the apposition; "Hon. A (Riding, CPC) said:" not.
        comma = "," if "," in who and not who.endswith(")") else ""
        text = f"{who[:1].upper()}{who[1:]}{comma} {frame} {OPEN_QUOTE}{quoted}{CLOSE_QUOTE}"
        lines.append(
            BriefLine(
                text=text,
                speaker=label,
                attribution=who,
                frame=frame,
                quoted=tuple(group),
                sources=tuple(sorted({t for i in group for t in sentences[i].sources})),
            )
        )
        quoted_before.add(label)
        previous_frame = frame
    return tuple(lines)


def quoted_text(line: BriefLine | dict) -> str:
    """What stands between the line's quotation marks."""
    text = line["text"] if isinstance(line, dict) else line.text
    return text[text.index(OPEN_QUOTE) + 1 : text.rindex(CLOSE_QUOTE)]

