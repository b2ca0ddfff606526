"""Attachments: the type is read from the file's first bytes (what the sender claims is
ignored), checked against the allowlist and the size cap, and the body is stored
encrypted (the Fernet token of its base64 text, see ``TipAttachment``)."""

from __future__ import annotations

import base64
import unicodedata
from pathlib import PurePath

from lachan.core.text import nfc, squash_spaces

MAX_FILENAME_LENGTH = 150


def sniff_content_type(data: bytes) -> str:
    """The file type from its signature; "" when it is none we know."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "audio/mpeg"
    if data[4:8] == b"ftyp" and data[8:12] in (b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom"):
        return "audio/mp4"
    if _is_text(data):
        return "text/plain"
    return ""


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(ch in "\r\n\t" or unicodedata.category(ch)[0] != "C" for ch in text[:4096])


def clean_filename(name: str) -> str:
    """The base name only (no folders), NFC, single spaces, bounded length."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = squash_spaces(nfc(base))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    if len(base) > MAX_FILENAME_LENGTH:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: MAX_FILENAME_LENGTH - len(ext) - 1] + dot + ext) if dot else base[:150]
    return base or "tep-dinh-kem"


def encode_body(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_body(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))
