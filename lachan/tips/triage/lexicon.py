"""Weighted phrase lexicons and the matcher that finds them in keyed text.

A cue is a phrase written in plain Vietnamese (with diacritics, as an officer would read
it), a weight per *target* (trafficking, a class of exploitation, danger now, child) and
whether a preceding negation ("không", "chưa", "chẳng") cancels it. Pattern syntax, kept
small on purpose so that the lexicon stays readable:

- words are matched as keys (see ``tokens``): "không" also matches "ko", "k", "khong";
- ``a|b`` at one position: either word ("bán|đưa sang");
- ``{a b|c}``: either phrase ("giữ {căn cước|chứng minh thư}"), expanded into one cue per
  choice (they still count once);
- ``~`` (up to 3 words) or ``~N`` (up to N words) between two words: a gap in the same
  clause ("ép ~ bán dâm" matches "ép em phải bán dâm");
- ``=word``: the word must be written with its diacritics ("=Lào" is Laos; "lao" may be
  "lao động");
- ``!a|b``: the next word must NOT be one of these ("Lào !Cai").

A word typed with diacritics must match the cue's diacritics (tone placement aside);
a word typed without any matches by its folded key.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lachan.tips.triage.tokens import Token, phrase_keys, signature

# Words that negate the cue right after them (within 3 words, same clause) — typed with
# marks only as themselves: "chủ" folds to "chu" too, "cha" (father) to "cha".
NEGATORS = frozenset({"khong", "chua", "chang"})
NEGATOR_SIGNATURES = frozenset(signature(w) for w in ("không", "chưa", "chẳng", "chăng"))
# … unless they start one of these ("không biết có bị bán không" is doubt, not denial).
NOT_NEGATING_NEXT = frozenset(
    {"biet", "ro", "hieu", "may", "lau", "lien", "kip", "the", "duoc", "chiu", "con", "du",
     "dat", "hoan", "nhung", "chi"}
)  # fmt: skip
NEGATION_WINDOW = 3
# "không ai bị ép buộc hay giữ giấy tờ": a negation reaches over "hay", "hoặc", "và".
COORDINATORS = frozenset({"hay", "hoac", "va", "cung"})


@dataclass(frozen=True)
class Element:
    """One position of a pattern: a word (one of ``keys``), a gap of up to ``gap`` words,
    or a word that must NOT come next (``negative``, consumes nothing)."""

    keys: frozenset[str] = frozenset()
    # Tone signatures of the written words: a word typed WITH diacritics must be the
    # cue's word ("bán thận", not "bạn thân"). None: no check (teen-code expansions).
    signatures: frozenset[str] | None = None
    marked: bool = False  # the text must carry the diacritics ("=Lào": not "lao động")
    gap: int = 0
    negative: bool = False


@dataclass(frozen=True)
class Cue:
    phrase: str
    weights: tuple[tuple[str, float], ...]
    negatable: bool
    elements: tuple[Element, ...]

    @property
    def first(self) -> frozenset[str]:
        return self.elements[0].keys


@dataclass(frozen=True)
class Hit:
    cue: Cue
    start_token: int
    end_token: int  # exclusive
    start: int  # character span in the original text
    end: int
    negated: bool


_BRACES = re.compile(r"\{([^{}]*)\}")


def variants(phrase: str) -> list[str]:
    """ "giữ {căn cước|cccd}" → ["giữ căn cước", "giữ cccd"]."""
    match = _BRACES.search(phrase)
    if match is None:
        return [phrase]
    return [
        variant
        for choice in match.group(1).split("|")
        for variant in variants(phrase[: match.start()] + choice + phrase[match.end() :])
    ]


def compile_cues(phrase: str, weights: dict[str, float], *, negatable: bool = True) -> list[Cue]:
    return [
        compile_cue(variant, weights, negatable=negatable, label=phrase)
        for variant in variants(phrase)
    ]


def compile_cue(
    phrase: str, weights: dict[str, float], *, negatable: bool = True, label: str | None = None
) -> Cue:
    elements = _expand(phrase)
    if not elements or not elements[0].keys or elements[0].negative:
        raise ValueError(f"cue must start with a word: {phrase!r}")
    return Cue(
        phrase=label or phrase,
        weights=tuple(sorted(weights.items())),
        negatable=negatable,
        elements=elements,
    )


def _expand(phrase: str) -> tuple[Element, ...]:
    """Each written word may become several keys ("TQ" → "trung quoc", no signature
    check then); a position with alternatives must stay one key wide."""
    elements: list[Element] = []
    for part in phrase.split():
        if part.startswith("~"):
            elements.append(Element(gap=int(part[1:] or 3)))
            continue
        negative, marked = part.startswith("!"), part.startswith("=")
        options = [option for option in part.lstrip("!=").split("|") if phrase_keys(option)]
        alternatives = [phrase_keys(option) for option in options]
        if len(alternatives) == 1 and len(alternatives[0]) > 1 and not (negative or marked):
            elements.extend(Element(keys=frozenset({key})) for key in alternatives[0])
        elif any(len(keys) != 1 for keys in alternatives):
            raise ValueError(f"an alternative expands to several words in {phrase!r}")
        else:
            elements.append(
                Element(
                    keys=frozenset(keys[0] for keys in alternatives),
                    signatures=frozenset(signature(option) for option in options),
                    marked=marked,
                    negative=negative,
                )
            )
    return tuple(elements)


class Lexicon:
    def __init__(self, cues: Iterable[Cue]) -> None:
        self.cues = tuple(cues)
        # Cues are indexed by their first two words where the second is a plain word, so
        # that a text word tries only the cues that can start there.
        self._by_first: dict[str, list[Cue]] = defaultdict(list)
        self._by_two: dict[tuple[str, str], list[Cue]] = defaultdict(list)
        for cue in self.cues:
            second = cue.elements[1] if len(cue.elements) > 1 else None
            for key in cue.first:
                if second is not None and second.keys and not second.negative:
                    for next_key in second.keys:
                        self._by_two[(key, next_key)].append(cue)
                else:
                    self._by_first[key].append(cue)

    def vocabulary(self) -> set[str]:
        words: set[str] = set()
        for cue in self.cues:
            for element in cue.elements:
                if not element.negative:
                    words |= element.keys
        return words

    def find(self, tokens: Sequence[Token]) -> list[Hit]:
        hits: list[Hit] = []
        plain = _is_plain(tokens)
        for index, token in enumerate(tokens):
            candidates = self._by_first.get(token.key, [])
            if index + 1 < len(tokens) and tokens[index + 1].clause == token.clause:
                candidates = candidates + self._by_two.get((token.key, tokens[index + 1].key), [])
            for cue in candidates:
                end = _match_from(cue, tokens, index, plain)
                if end is None:
                    continue
                negated = cue.negatable and _is_negated(tokens, index)
                hits.append(
                    Hit(
                        cue=cue,
                        start_token=index,
                        end_token=end,
                        start=token.start,
                        end=tokens[end - 1].end,
                        negated=negated,
                    )
                )
        return hits


def _is_plain(tokens: Sequence[Token]) -> bool:
    """A text typed (almost) without diacritics: "=word" cannot ask for marks there."""
    marked = sum(1 for token in tokens if token.sig is not None)
    return marked <= len(tokens) // 10


def _match_from(cue: Cue, tokens: Sequence[Token], index: int, plain: bool) -> int | None:
    """End (exclusive) of the shortest match of ``cue`` starting at ``index``."""
    elements = cue.elements
    clause = tokens[index].clause

    def fits(element: Element, at: int) -> bool:
        if at >= len(tokens) or tokens[at].clause != clause:
            return False
        token = tokens[at]
        if token.key not in element.keys:
            return False
        if element.signatures is None:
            return True
        if token.sig is None:
            return plain or not element.marked
        return token.sig in element.signatures

    def walk(position: int, at: int) -> int | None:
        if position == len(elements):
            return at
        element = elements[position]
        if element.gap:
            for skip in range(element.gap + 1):
                found = walk(position + 1, at + skip) if position + 1 < len(elements) else None
                if found is not None:
                    return found
            return None
        if element.negative:
            return None if fits(element, at) else walk(position + 1, at)
        return walk(position + 1, at + 1) if fits(element, at) else None

    return walk(0, index)


def _is_negated(tokens: Sequence[Token], index: int) -> bool:
    clause = tokens[index].clause
    window = NEGATION_WINDOW
    back = 1
    while back <= window:
        at = index - back
        if at < 0 or tokens[at].clause != clause:
            return False
        if tokens[at].key in COORDINATORS:
            window = back + 2 * NEGATION_WINDOW
        if _is_negator(tokens[at]) and not _is_brothel(tokens, at):
            following = tokens[at + 1].key if at + 1 < index else None
            return following not in NOT_NEGATING_NEXT
        back += 1
    return False


def best_hits(hits: Iterable[Hit], target: str) -> tuple[float, list[tuple[Hit, float]]]:
    """The score of one target: each cue counts once, overlapping cues count only the
    strongest (so "bị lừa bán sang" does not add "lừa bán" and "bán sang" on top), and
    negated cues count nothing. Returns the score and the counted (hit, weight) pairs,
    in text order; every occurrence of a counted cue is returned for highlighting."""
    weighted: list[tuple[Hit, float]] = []
    for hit in hits:
        if hit.negated:
            continue
        weight = dict(hit.cue.weights).get(target)
        if weight:
            weighted.append((hit, weight))
    # A word-for-word phrase beats any shorter cue inside it ("được giải cứu" is no cry
    # for help); otherwise the strongest cue wins an overlap.
    exact = [hit for hit, _ in weighted if not any(e.gap for e in hit.cue.elements)]
    weighted = [pair for pair in weighted if not any(_inside(pair[0], big) for big in exact)]
    weighted.sort(key=lambda pair: (-abs(pair[1]), pair[0].start_token))
    taken: list[tuple[Hit, float]] = []
    counted: set[str] = set()
    score = 0.0
    for hit, weight in weighted:
        if any(_overlaps(hit, other) for other, _ in taken):
            continue
        taken.append((hit, weight))
        if hit.cue.phrase not in counted:
            counted.add(hit.cue.phrase)
            score += weight
    taken.sort(key=lambda pair: pair[0].start)
    return score, taken


def _is_negator(token: Token) -> bool:
    return token.key in NEGATORS and (token.sig is None or token.sig in NEGATOR_SIGNATURES)


def _is_brothel(tokens: Sequence[Token], at: int) -> bool:
    """Typed without marks, "chua" is "chưa" (not yet) or "chứa" ("nhà chứa", "chứa chấp")."""
    if tokens[at].key != "chua" or tokens[at].sig is not None:
        return False
    before = tokens[at - 1].key if at > 0 else ""
    after = tokens[at + 1].key if at + 1 < len(tokens) else ""
    return before == "nha" or after == "chap"


def _inside(small: Hit, big: Hit) -> bool:
    return (
        big.start_token <= small.start_token
        and small.end_token <= big.end_token
        and big.end_token - big.start_token > small.end_token - small.start_token
    )


def _overlaps(a: Hit, b: Hit) -> bool:
    return a.start_token < b.end_token and b.start_token < a.end_token
