"""CSV and XLSX rows as records (header → text), with the line each came from."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from offensief.ingest.source import check_file, iter_lines
from offensief.model.errors import InputError

Record = dict[str, str]


def read_csv(path: Path) -> Iterator[tuple[int, Record]]:
    """Yield ``(line, record)`` of a UTF-8 CSV with a header row (a UTF-8 BOM is accepted)."""
    skip = check_file(path, allow_utf8_bom=True)
    reader = csv.reader(text for _, text in iter_lines(path, skip=skip))
    header: list[str] | None = None
    try:
        for row in reader:
            number = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            if header is None:
                header = [h.strip() for h in row]
                _check_header(header, path)
                continue
            if len(row) != len(header):
                raise InputError(
                    f"expected {len(header)} columns, found {len(row)}", file=str(path), line=number
                )
            yield number, _record(header, row)
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=str(path), line=reader.line_num) from None
    if header is None:
        raise InputError("empty file", file=str(path), line=1)


def read_csv_header(path: Path) -> list[str]:
    """The validated header row of a CSV file."""
    skip = check_file(path, allow_utf8_bom=True)
    for row in csv.reader(text for _, text in iter_lines(path, skip=skip)):
        if row and any(cell.strip() for cell in row):
            header = [h.strip() for h in row]
            _check_header(header, path)
            return header
    raise InputError("empty file", file=str(path), line=1)


def read_xlsx(path: Path, *, sheet: str | None = None) -> Iterator[tuple[int, Record]]:
    """Yield ``(row number, record)`` of the first (or named) sheet of a workbook."""
    if not path.exists():
        raise InputError("file not found", file=str(path))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file  # noqa: BLE001
        raise InputError(f"not a readable XLSX workbook: {exc}", file=str(path)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(f"no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})", file=str(path))
        ws = book[sheet] if sheet else book.worksheets[0]
        header: list[str] | None = None
        for number, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if all(cell is None for cell in row):
                continue
            cells = [_cell_text(c) for c in row]
            if header is None:
                header = [c.strip() for c in cells]
                while header and not header[-1]:
                    header.pop()
                _check_header(header, path)
                continue
            yield number, _record(header, cells[: len(header)])
        if header is None:
            raise InputError("empty workbook", file=str(path), line=1)
    finally:
        book.close()


def _check_header(header: list[str], path: Path) -> None:
    if not any(header):
        raise InputError("empty header row", file=str(path), line=1)
    seen: set[str] = set()
    for name in header:
        if not name:
            raise InputError("a header cell is empty", file=str(path), line=1)
        if name in seen:
            raise InputError(f"duplicate column {name!r}", file=str(path), line=1, field=name)
        seen.add(name)


def _record(header: list[str], row: list[str]) -> Record:
    return {h: v.strip() for h, v in zip(header, row) if v is not None and v.strip()}


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.isoformat() if (cell.hour, cell.minute, cell.second) != (0, 0, 0) else cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
