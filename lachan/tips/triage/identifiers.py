"""Identifiers written in a tip: phone numbers, Facebook / Zalo / Telegram accounts and
links, bank account numbers. Each is normalised with ``lachan.core.identifiers`` (so it
matches the same identifier recorded on a person or another tip) and keeps the spans of
the value and of the words that said what it is ("stk", "zalo", "Vietcombank").

Phone numbers are found by shape, whatever separates their digit groups (spaces, dots,
dashes, underscores, stars, slashes: "0912.345.678", "09 12 34 56 78", "+84 912-345-678",
"(84) 912345678", "0084…", old 11-digit "0168…", full-width digits) — always whole digit
groups, so a 12-digit CCCD or an amount of money is never cut into a "phone". A number
right after bank words is a bank account, after "zalo"/"tele" an account of that service
(normalised to the same E.164 number, so it still links to the phone)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

from lachan.core.errors import ValidationFailed
from lachan.core.identifiers import IdentifierKind, normalize_identifier
from lachan.tips.triage.tokens import Token, is_syllable, tokenize, word_keys

# Country codes accepted after "00" (neighbours and destinations seen in tips); with an
# explicit "+" any code is accepted.
_FOREIGN_CODES = ("86", "855", "856", "66", "60", "82", "81", "886", "95", "65", "971", "7")
_GAP = re.compile(r"[ \t.\-_*~|/(),]{1,3}")
_GROUP = re.compile(r"(?<![^\W\d_])[oO](?=\d)\d*|\d+")
_LINK = re.compile(
    r"(?:https?://)?(?:www\.|m\.|web\.|mbasic\.|chat\.)?"
    r"(facebook\.com|fb\.com|fb\.me|zalo\.me|t\.me|telegram\.me)/[^\s,;()<>\"'“”]+",
    re.IGNORECASE,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_][A-Za-z0-9_.]{2,31})")
_ASCII_HANDLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]{2,49}")
_HOSTS = {
    "facebook.com": IdentifierKind.FACEBOOK,
    "fb.com": IdentifierKind.FACEBOOK,
    "fb.me": IdentifierKind.FACEBOOK,
    "zalo.me": IdentifierKind.ZALO,
    "t.me": IdentifierKind.TELEGRAM,
    "telegram.me": IdentifierKind.TELEGRAM,
}


def _keys(*written: str) -> frozenset[str]:
    return frozenset(key for word in written for key in word_keys(word))


# Service words, as keys (see tokens: "facebook" and "fb" both key to one word).
_SERVICE_KEYS = {
    **dict.fromkeys(_keys("facebook", "fb", "phây", "face"), IdentifierKind.FACEBOOK),
    **dict.fromkeys(_keys("zalo", "zl"), IdentifierKind.ZALO),
    **dict.fromkeys(_keys("telegram", "tele", "tlg", "telegam"), IdentifierKind.TELEGRAM),
}
# Filler words between a service word and the account ("zalo của nó tên là …").
_FILLER = _keys("nick", "tên", "là", "có", "của", "nó", "acc", "tài", "khoản", "id", "link")
_NAMING = _keys("tên", "nick", "là", "acc", "id")
_PHONE_WORDS = _keys("số", "điện", "thoại", "sđt", "đt", "sdt")
_BANK_WORDS = _keys(
    "vcb", "vietcombank", "techcombank", "tcb", "mbbank", "bidv", "agribank",
    "vietinbank", "vtb", "acb", "tpbank", "vpbank", "sacombank", "hdbank", "ocb",
    "shb", "msb", "vib", "seabank", "eximbank", "lpbank", "lienvietpostbank", "scb",
    "abbank", "namabank", "bacabank", "pvcombank", "kienlongbank", "vietabank",
)  # fmt: skip
_BANK_PHRASES = (("so", "tai", "khoan"), ("tai", "khoan"), ("ngan", "hang"), ("chuyen", "khoan"))
# Words after a service word that are part of the service, not an account name.
_NOT_ACCOUNTS = _keys(
    "messenger", "mess", "page", "group", "nhóm", "trang", "live", "chat", "video", "reels"
)
_BANK_BEFORE = 45  # characters between the bank words and the number
_BANK_AFTER = 25
_SENTENCE_END = re.compile(r"[!?\n]|\.\s")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class FoundIdentifier:
    kind: IdentifierKind
    value: str  # as written
    normalized: str
    span: Span
    cues: tuple[Span, ...]  # the words that said what it is


def _ascii_digits(text: str) -> str:
    """Full-width and other Unicode digits as ASCII, one character for one (spans stay)."""
    return "".join(
        str(unicodedata.digit(ch))
        if not ch.isascii() and unicodedata.digit(ch, None) is not None
        else ch
        for ch in text
    )


@dataclass(frozen=True)
class _Group:
    digits: str
    start: int
    end: int
    plus: bool  # written right after "+"


def _runs(text: str) -> list[list[_Group]]:
    """Digit groups, joined into runs when only short separators lie between them."""
    runs: list[list[_Group]] = []
    for match in _GROUP.finditer(text):
        digits = match.group().replace("o", "0").replace("O", "0")
        before = text[max(0, match.start() - 2) : match.start()]
        group = _Group(digits, match.start(), match.end(), plus="+" in before)
        if runs:
            gap = text[runs[-1][-1].end : match.start()].replace("+", " ")
            if _GAP.fullmatch(gap) and "\n" not in gap and not gap.strip(" ").startswith(")("):
                runs[-1].append(group)
                continue
        runs.append([group])
    return runs


def _phone(digits: str, plus: bool) -> str | None:
    """E.164 when ``digits`` (as grouped) are a whole phone number, else None."""
    try:
        if plus:
            return normalize_identifier(IdentifierKind.PHONE, "+" + digits)
        if digits.startswith("00"):
            if digits.startswith("0084") or digits[2:].startswith(_FOREIGN_CODES):
                return normalize_identifier(IdentifierKind.PHONE, digits)
            return None
        if (digits.startswith("0") and len(digits) in (10, 11)) or (
            digits.startswith("84") and len(digits) in (11, 12)
        ):
            return normalize_identifier(IdentifierKind.PHONE, digits)
    except ValidationFailed:
        return None
    return None


def _phones_in_run(run: list[_Group]) -> list[tuple[int, int, str]]:
    """(first group, last group, E.164): the longest phone starting at each group."""
    found: list[tuple[int, int, str]] = []
    index = 0
    while index < len(run):
        best: tuple[int, str] | None = None
        digits = ""
        for last in range(index, min(len(run), index + 12)):
            digits += run[last].digits
            if len(digits) > 15:
                break
            phone = _phone(digits, run[index].plus)
            if phone is not None:
                best = (last, phone)
        if best is None:
            index += 1
            continue
        found.append((index, best[0], best[1]))
        index = best[0] + 1
    return found


def _service_before(tokens: list[Token], start: int) -> tuple[IdentifierKind, Span] | None:
    """A service word just before ``start`` (only filler words in between)."""
    before = [t for t in tokens if t.end <= start][-4:]
    for token in reversed(before):
        kind = _SERVICE_KEYS.get(token.key)
        if kind is not None:
            return kind, Span(token.start, token.end)
        if token.key not in _FILLER and token.key not in _PHONE_WORDS:
            return None
    return None


def _bank_cues(tokens: list[Token]) -> list[Span]:
    spans: list[Span] = []
    keys = [t.key for t in tokens]
    for index, token in enumerate(tokens):
        if token.key in _BANK_WORDS or (token.key.endswith("bank") and len(token.key) > 4):
            spans.append(Span(token.start, token.end))
            continue
        for phrase in _BANK_PHRASES:
            if tuple(keys[index : index + len(phrase)]) == phrase:
                spans.append(Span(token.start, tokens[index + len(phrase) - 1].end))
    return spans


def _looks_like_money(text: str, run: list[_Group]) -> bool:
    """ "5.000.000" (thousands groups) or a number followed by a currency word."""
    after = text[run[-1].end : run[-1].end + 8].lower()
    if re.match(
        r"\s*(đ|d\b|đồng|dong|vnd|vnđ|k\b|nghìn|ngàn|triệu|trieu|tr\b|usd|\$|tệ|te\b)", after
    ):
        return True
    return (
        len(run) >= 2
        and all(len(group.digits) == 3 for group in run[1:])
        and all(text[a.end : b.start] in (".", ",") for a, b in pairwise(run))
    )


def _bank_context(text: str, cues: list[Span], start: int, end: int) -> list[Span]:
    near: list[Span] = []
    for cue in cues:
        if cue.end <= start and start - cue.end <= _BANK_BEFORE:
            gap = text[cue.end : start]
        elif cue.start >= end and cue.start - end <= _BANK_AFTER:
            gap = text[end : cue.start]
        else:
            continue
        if not _SENTENCE_END.search(gap) and not re.search(r"\d", gap):
            near.append(cue)
    return list(dict.fromkeys(near))


class _Found:
    """Identifiers found so far; a later pass never re-reads characters already taken
    (the digits of a zalo.me link are not a second "phone")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[FoundIdentifier] = []

    def add(self, kind: IdentifierKind, start: int, end: int, value: str, cues: list[Span]) -> None:
        """``value`` is normalised as ``kind`` (already normalised for phones)."""
        if any(i.span.start < end and start < i.span.end for i in self.items):
            return
        if kind is not IdentifierKind.PHONE and not value.startswith("+"):
            try:
                value = normalize_identifier(kind, value)
            except ValidationFailed:
                return
        written = self.text[start:end]
        self.items.append(FoundIdentifier(kind, written, value, Span(start, end), tuple(cues)))


def extract_identifiers(text: str, tokens: list[Token] | None = None) -> list[FoundIdentifier]:
    tokens = tokens if tokens is not None else tokenize(text)
    found = _Found(text)
    for match in _LINK.finditer(text):
        value = match.group().rstrip(".?!")
        end = match.start() + len(value)
        found.add(_HOSTS[match.group(1).lower()], match.start(), end, value, [])
    _numbers(text, tokens, found)
    _at_handles(text, tokens, found)
    for index, token in enumerate(tokens):
        service = _SERVICE_KEYS.get(token.key)
        account = _account_after(text, tokens, index) if service else None
        if service is not None and account is not None:
            found.add(service, *account, text[account[0] : account[1]], [_span(token)])
    return sorted(found.items, key=lambda item: item.span.start)


def _span(token: Token) -> Span:
    return Span(token.start, token.end)


def _numbers(text: str, tokens: list[Token], found: _Found) -> None:
    """Phones (or Zalo/Telegram numbers), bank accounts, numeric Facebook ids."""
    digits_text = _ascii_digits(text)
    bank_cues = _bank_cues(tokens)
    for run in _runs(digits_text):
        start, end = run[0].start, run[-1].end
        digits = "".join(group.digits for group in run)
        cues = _bank_context(text, bank_cues, start, end)
        if _service_before(tokens, start) is not None or _looks_like_money(digits_text, run):
            cues = []
        if cues and 6 <= len(digits) <= 20:
            found.add(IdentifierKind.BANK_ACCOUNT, start, end, digits, cues)
            continue
        phones = _phones_in_run(run)
        for first, last, phone in phones:
            p_start, p_end = run[first].start, run[last].end
            while p_start > 0 and text[p_start - 1] in "+(":
                p_start -= 1  # "(+84) 912…" is highlighted whole
            service = _service_before(tokens, p_start)
            if service is not None and service[0] is not IdentifierKind.FACEBOOK:
                found.add(service[0], p_start, p_end, phone, [service[1]])
            else:
                found.add(IdentifierKind.PHONE, p_start, p_end, phone, [])
        service = _service_before(tokens, start)
        if not phones and len(digits) >= 8 and service and service[0] is IdentifierKind.FACEBOOK:
            found.add(IdentifierKind.FACEBOOK, start, end, digits, [service[1]])  # "fb: 1000…"


def _at_handles(text: str, tokens: list[Token], found: _Found) -> None:
    """ "@handle": of the service named just before, or last named before it."""
    for match in _AT_HANDLE.finditer(text):
        handle = match.group(1).rstrip(".")
        service = _service_before(tokens, match.start()) or _service_earlier(tokens, match)
        kind = service[0] if service else IdentifierKind.OTHER
        end = match.start() + 1 + len(handle)
        found.add(kind, match.start(), end, "@" + handle, [service[1]] if service else [])


def _service_earlier(
    tokens: list[Token], match: re.Match[str]
) -> tuple[IdentifierKind, Span] | None:
    """The service named last before an @handle ("nhóm Telegram … admin @abc")."""
    for token in reversed([t for t in tokens if t.end <= match.start()]):
        kind = _SERVICE_KEYS.get(token.key)
        if kind is not None:
            return kind, Span(token.start, token.end)
    return None


def _account_after(text: str, tokens: list[Token], index: int) -> tuple[int, int] | None:
    """The account named right after a service word: an ASCII handle ("hoa.hong99") or a
    display name in Title Case ("Hoa Hồng Đen"), after optional filler words."""
    position = index + 1
    named = False  # "tên", "nick", "là" or ":" said that a name follows
    while position < len(tokens) and tokens[position].key in _FILLER:
        named = named or tokens[position].key in _NAMING
        position += 1
    if position >= len(tokens) or tokens[position].start - tokens[index].end > 25:
        return None
    first = tokens[position]
    gap = text[tokens[index].end : first.start]
    if re.search(r"[.,;!?\n()\"“”']", gap):
        return None  # a quoted group or page name is no account
    named = named or ":" in gap
    if first.key in _NOT_ACCOUNTS or first.key in _SERVICE_KEYS:
        return None
    if text[first.start].isdigit() or text[first.start - 1 : first.start] == "@":
        return None  # a number or @handle: found by the other passes
    handle = _ASCII_HANDLE.match(text, first.start)
    if handle and (
        re.search(r"[._0-9]", handle.group())
        or (len(handle.group()) >= 6 and not is_syllable(handle.group().lower()))
    ):
        return first.start, handle.end()
    if not first.key or not text[first.start].isupper():
        return None
    last = position
    while (
        last + 1 < len(tokens)
        and last + 1 - position < 5
        and tokens[last + 1].clause == first.clause
        and text[tokens[last + 1].start].isupper()
        and tokens[last + 1].start - tokens[last].end <= 1
        and tokens[last + 1].key not in _SERVICE_KEYS
    ):
        last += 1
    if last == position and (len(first.key) < 3 or not named):
        return None
    return first.start, tokens[last].end
