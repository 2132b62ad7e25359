"""Opening partner files: encoding checks that name the file and line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from offensief.model.errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
_OTHER_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def file_sha256(path: Path) -> str:
    """Content hash: the identity of a load, for idempotence."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, *, allow_utf8_bom: bool) -> int:
    """Fail clearly on a missing, empty or non-UTF-8 file; return the bytes to skip (BOM)."""
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if not path.is_file():
        raise InputError("not a file", file=str(path))
    with path.open("rb") as fh:
        head = fh.read(4)
        if not head or not (head + fh.read(1 << 16)).strip():
            raise InputError("empty file", file=str(path), line=1)
    for bom, name in _OTHER_BOMS.items():
        if head.startswith(bom):
            raise InputError(f"wrong encoding: the file is {name}; save it as UTF-8", file=str(path), line=1)
    if head.startswith(UTF8_BOM):
        if allow_utf8_bom:
            return len(UTF8_BOM)
        raise InputError(
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
            file=str(path), line=1,
        )
    return 0


def iter_lines(path: Path, *, skip: int = 0) -> Iterator[tuple[int, str]]:
    """Yield ``(line_number, text)`` of a UTF-8 file, naming the line of a bad byte."""
    with path.open("rb") as fh:
        fh.seek(skip)
        for number, raw in enumerate(fh, start=1):
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"wrong encoding: byte {raw[exc.start]:#04x} at column {exc.start + 1} is not "
                    "UTF-8 (convert the file to UTF-8)",
                    file=str(path), line=number,
                ) from None
