"""The remarks of a scenario file about where its numbers come from: a small parser of YAML
comments that sorts them into citations of the source text and assumptions, by the field
they annotate. It reads the text line by line (no YAML library keeps comments)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """A remark of the scenario file about where a number comes from."""

    where: str  # the dotted path of the field it is about ("" when unknown)
    value: str  # the value beside it, for a remark on the same line
    text: str


@dataclass(frozen=True)
class SourceNotes:
    head: list[str]  # the comment block at the head of the file (where the file comes from)
    sourced: list[Note]  # remarks citing the source text ("(seed", "seed:")
    assumptions: list[Note]  # remarks naming an assumption


_KEY = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z0-9_][A-Za-z0-9_.\-]*)\s*:(?=\s|$)(.*)$")
_BLOCK_SCALAR = re.compile(r"^[|>][-+0-9]*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ABBREVIATIONS = ("e.g.", "i.e.", "cf.", "vs.", "etc.", "approx.", "no.", "fig.")
_SOURCED = re.compile(r"\(seed|\bseed:", re.IGNORECASE)
_ASSUMED = re.compile(r"assumption", re.IGNORECASE)


def split_comment(line: str) -> tuple[str, str | None]:
    """(code, comment text or None): a '#' starts a comment at the line start or after a
    space, outside quotes."""
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if quote == '"' and ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or line[i - 1] in " \t:,[{-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i], line[i + 1 :].strip()
        i += 1
    return line, None


def fragments(text: str) -> list[str]:
    """Sentences of a remark, each cut further at semicolons outside brackets."""
    out = []
    sentences: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if sentences and sentences[-1].lower().endswith(_ABBREVIATIONS):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    for sentence in sentences:
        depth, start = 0, 0
        for i, ch in enumerate(sentence):
            depth += ch in "([{"
            depth -= ch in ")]}" and depth > 0
            if ch == ";" and depth == 0:
                out.append(sentence[start:i])
                start = i + 1
        out.append(sentence[start:])
    return [f.strip() for f in out if f.strip()]


def source_notes(text: str) -> SourceNotes:
    """The remarks of a scenario file about sources and assumptions, by the field they
    annotate: a comment on a field's line is about that field; a block of comment lines is
    about the field that follows it; the block before the first field is the file's head."""
    head: list[str] = []
    remarks: list[tuple[str, str, str]] = []  # (where, value, text)
    stack: list[tuple[int, str]] = []
    block: list[str] = []
    scalar_indent: int | None = None  # inside a block scalar (|, >) deeper than this
    seen_key = False
    for raw in text.splitlines():
        indent = len(raw) - len(raw.lstrip(" "))
        if scalar_indent is not None:
            if not raw.strip() or indent > scalar_indent:
                continue
            scalar_indent = None
        code, comment = split_comment(raw)
        if not code.strip():
            if comment is not None:
                block.append(comment)
            elif block:  # a blank line ends a block; it still annotates what follows
                block.append("\n")
            continue
        match = _KEY.match(code)
        if match:
            key_indent = len(match.group(1)) + (2 if code.lstrip().startswith("-") else 0)
            while stack and stack[-1][0] >= key_indent:
                stack.pop()
            stack.append((key_indent, match.group(2)))
            seen_before = seen_key
            seen_key = True
            value = match.group(3).strip()
            if _BLOCK_SCALAR.match(value):
                scalar_indent = key_indent
            where = ".".join(k for _, k in stack)
        else:
            seen_before = seen_key
            value, where = code.strip(), ".".join(k for _, k in stack)
        if block:
            joined = " ".join(b for b in block if b != "\n")
            if seen_before:
                remarks.append((where, "", joined))
            else:
                head.extend(p for p in _paragraphs(block))
            block = []
        if comment:
            shown = value if len(value) <= 80 else value[:77] + "..."
            remarks.append((where, shown, comment))
    if block:
        remarks.append(("", "", " ".join(b for b in block if b != "\n")))
    sourced: list[Note] = []
    assumed: list[Note] = []
    for where, value, remark in remarks:
        for frag in fragments(remark):
            note = Note(where, value, frag)
            if _SOURCED.search(frag) and note not in sourced:
                sourced.append(note)
            if _ASSUMED.search(frag) and note not in assumed:
                assumed.append(note)
    return SourceNotes(head, sourced, assumed)


def _paragraphs(block: list[str]) -> Iterable[str]:
    para: list[str] = []
    for line in [*block, "\n"]:
        if line == "\n":
            if para:
                yield " ".join(para)
            para = []
        elif line:
            para.append(line)
