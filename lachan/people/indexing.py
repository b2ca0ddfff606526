"""Blind indexes of persons: what name and identifier search compare, so that the
database never holds a name or a number in the clear.

- ``name_index``: keyed hash of the folded full name (exact whole-name match, linkage).
- ``token_indexes``: one keyed hash per folded syllable of the name and of every alias
  ("huong" finds "Nguyễn Thị Hường" and a person known as "Hường").
- identifier indexes: ``lachan.core.identifiers.identifier_index``.

What the indexes still tell someone who reads the database without the index key:
which records share a syllable or a number (equal hashes), and so, by frequency, a
guess at the commonest syllables ("nguyen", "thi"). They tell no name or number
itself; computing a hash to test a guess needs ``LACHAN_INDEX_KEY``.
"""

from __future__ import annotations

from collections.abc import Iterable

from lachan.core.crypto import blind_index
from lachan.core.text import name_key, name_tokens

NAME_PURPOSE = "person:name"
SYLLABLE_PURPOSE = "person:name_token"


def name_index(full_name: str) -> str:
    return blind_index(name_key(full_name), purpose=NAME_PURPOSE)


def token_index(token: str) -> str:
    """Index of one already-folded syllable."""
    return blind_index(token, purpose=SYLLABLE_PURPOSE)


def token_indexes(names: Iterable[str]) -> set[str]:
    return {token_index(token) for name in names for token in name_tokens(name)}


def query_token_indexes(query: str) -> list[str]:
    """The indexes a name query must all match, in query order."""
    return [token_index(token) for token in name_tokens(query)]
