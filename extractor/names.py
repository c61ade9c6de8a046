"""File names as they come from the disk, written out safely.

Python keeps the bytes of a name that is not valid UTF-8 (an archive from an old Windows machine,
say) as lone surrogates, which no UTF-8 file can hold. In JSON a name is written readable, those
bytes as `\\xNN`, and, only when there were any, losslessly as `path_bytes`: the raw bytes in base64."""

from __future__ import annotations

import base64
import hashlib
import os
import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_NAME_BYTES = 200  # an output name and its temporary file's stay under the usual 255-byte limit


def readable(name: str) -> str:
    """The name as valid Unicode: bytes that were not UTF-8 written as \\xNN."""
    return _bytes(name).decode("utf-8", "backslashreplace")


def _bytes(name: str) -> bytes:
    try:
        return os.fsencode(name)
    except UnicodeEncodeError:  # a surrogate that no byte of a name gives
        return name.encode("utf-8", "surrogatepass")


def path_fields(rel: str) -> dict:
    """{"path": readable form} and, for a name that is not valid UTF-8, {"path_bytes": base64 of its bytes}."""
    raw = _bytes(rel)
    fields = {"path": raw.decode("utf-8", "backslashreplace")}
    if fields["path"].encode("utf-8") != raw:
        fields["path_bytes"] = base64.b64encode(raw).decode("ascii")
    return fields


def shown(name: str, width: int = 0) -> str:
    """A name fit for one line of a terminal: control characters (newlines, escapes) as `?`."""
    text = _CONTROL.sub("?", readable(name))
    return text[:width] if width else text


def safe_stem(stem: str) -> str:
    """An output file's stem: undecodable bytes and control characters as `_`."""
    return _CONTROL.sub("_", _bytes(stem).decode("utf-8", "replace").replace("\ufffd", "_"))


def capped(name: str, suffix: str, key: str) -> str:
    """`name + suffix`, its name cut to MAX_NAME_BYTES with a hash of `key` in place of the rest."""
    if len((name + suffix).encode("utf-8")) <= MAX_NAME_BYTES:
        return name + suffix
    digest = hashlib.sha1(_bytes(key)).hexdigest()[:8]
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - len(digest) - 1
    return name.encode("utf-8")[:room].decode("utf-8", "ignore") + "~" + digest + suffix
