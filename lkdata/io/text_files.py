"""Text files as offices send them: CSV exports in UTF-8 (with or without BOM), UTF-16 or a legacy code
page, separated by ``,``, ``;`` or tab, read as text cells."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import pandas as pd

from ..errors import FileReadError
from ..vn.columns import STR
from ..vn.legacy import decode_legacy
from ..vn.text import invalid_words

__all__ = ["decode_bytes", "read_text_table"]


def _vietnamese_score(text: str) -> int:
    """Fewer is better: words that are no Vietnamese, as the text stands or read as TCVN3 or VNI (a CSV
    exported from a workbook typed in a legacy font holds that font's bytes)."""
    sample = unicodedata.normalize("NFC", text[:20_000])
    return sum(
        min(invalid_words(line), *(invalid_words(decode_legacy(line, e)) for e in ("tcvn3", "vni")))
        for line in sample.splitlines()
    )


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16, or a detected legacy code page."""
    if not (data[:4096].strip() or data.strip()):  # a whole copy only when the start is blank
        raise FileReadError("Tệp rỗng")
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
            (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))  # fmt: skip
    for bom, enc in boms:  # UTF-32's before UTF-16's, whose BOM starts it
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise FileReadError(f"Tệp có dấu hiệu {enc} nhưng không giải mã được: {exc.reason}") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    if head.count(b"\x00") > len(head) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
                if text.isprintable() or "\n" in text:
                    return text, enc
            except UnicodeDecodeError:
                continue
        raise FileReadError("Tệp không phải văn bản (dữ liệu nhị phân)")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1258", "cp1252", "latin_1", "utf_16"]).best()
    if best is None:  # a legacy font's bytes look like no language; read as TCVN3 or VNI, they may be
        try:
            text = unicodedata.normalize("NFC", data.decode("cp1252"))
        except UnicodeDecodeError:
            text = ""
        sample = text[:20_000]
        if text and _vietnamese_score(sample) * 4 < invalid_words(sample):
            return text, "cp1252"
        raise FileReadError("Không nhận diện được bảng mã của tệp (không phải UTF-8, UTF-16 hay cp1258)")
    candidates = {best.encoding}
    candidates |= {"cp1258", "cp1252"} if best.encoding in ("cp1258", "cp1252", "latin_1", "iso8859_1") else set()
    decoded = {}
    for enc in candidates:
        try:
            decoded[enc] = unicodedata.normalize("NFC", data.decode(enc))
        except UnicodeDecodeError:
            continue
    if not decoded:
        raise FileReadError("Không nhận diện được bảng mã của tệp")
    enc = min(decoded, key=lambda e: (_vietnamese_score(decoded[e]), e != "cp1258"))
    return decoded[enc], enc


def _sniff(text: str) -> str:
    lines = [ln for ln in text[:65_536].splitlines()[:50] if ln.strip()]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        counts = {d: sum(ln.count(d) for ln in lines) for d in (";", "\t", ",")}
        return max(counts, key=counts.get) if any(counts.values()) else ","


_QUOTED_NEWLINE_RE = re.compile(r'"[^"\n]*\r?\n')


def read_text_table(path: Path) -> tuple[pd.DataFrame, str]:
    """A CSV or text export as a frame of text cells (one row per line, columns by position) and its encoding.

    Raises
    ------
    FileReadError
        For an empty file, one that is not text, or an encoding that cannot be told.
    """
    data = path.read_bytes()
    text, enc = decode_bytes(data)
    if (b"\x00" in data) if enc in ("utf-8", "utf-8-sig") else ("\x00" in text):  # UTF-8 writes NUL as byte 0 only
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FileReadError(
            f"Tệp không phải văn bản: có ký tự NUL (byte 0) ở dòng {line}; tệp có thể bị hỏng khi sao chép. "
            "Hãy mở tệp gốc bằng Excel và lưu lại thành CSV UTF-8"
        )
    sep = _sniff(text)
    frame = None
    if '"' not in text or not _QUOTED_NEWLINE_RE.search(text):
        utf8 = data[3:] if enc == "utf-8-sig" else data if enc == "utf-8" else text.encode("utf-8")
        frame = _parse_csv_fast(utf8, sep, text[: text.find("\n") + 1 or None].count(sep) + 1)
    if frame is None:  # ragged lines or line breaks inside quoted cells: the csv module takes anything
        rows = _csv_rows(text, sep)
        width = max((len(r) for r in rows), default=0)
        rows = [r + [""] * (width - len(r)) for r in rows]  # ragged lines: pad, never drop
        frame = pd.DataFrame(rows, columns=range(width), dtype=STR) if rows else pd.DataFrame(dtype=STR)
        frame = frame.replace({"": pd.NA})
    return frame, enc


def _csv_rows(text: str, sep: str) -> list[list[str]]:
    """The rows of a CSV whose quoted cells may hold line breaks. A quote never closed (``"Trần Thị Bưởi``)
    would take every line after it into one cell, and those rows would be lost without a word: when the
    file ends inside a quoted cell, or a cell holds lines that read as rows of the table, each line of the
    file is read as one row instead (a quoted cell on one line still reads as usual)."""
    ends_in_quotes = False
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True))
    except csv.Error as exc:  # a stray quote inside a cell (lenient reading takes it), or the end inside quotes
        ends_in_quotes = "end of data" in str(exc)
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    if not ends_in_quotes and not _swallowed(rows, sep):
        return rows
    lines = re.split(r"\r\n|\r|\n", text)
    return [next(csv.reader([line], delimiter=sep), []) for line in lines[: -1 if lines[-1] == "" else None]]


def _swallowed(rows: list[list[str]], sep: str) -> bool:
    """Whether a cell holds lines that are rows of the table: a line with as many separators as half the
    columns, or a row with a cell of several lines that is wider than the first row (the header)."""
    width = max((len(r) for r in rows), default=0)
    first = next((len(r) for r in rows if any(c.strip() for c in r)), width)
    need = max(2, (width - 1) // 2)
    for r in rows:
        broken = [c for c in r if "\n" in c or "\r" in c]
        if broken and (len(r) > first or any(ln.count(sep) >= need for c in broken for ln in c.splitlines())):
            return True
    return False


def _parse_csv_fast(data: bytes, sep: str, width: int) -> pd.DataFrame | None:
    """Parse UTF-8 bytes with Arrow's C++ CSV reader, one frame row per line (blank lines kept, so row
    numbers stay those of the file), every cell as the text written (no type guessing: ``1.500`` and
    ``0912`` stay as typed), empty cells missing; ``None`` when the lines are ragged."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(delimiter=sep, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=True,
                null_values=[""],
                quoted_strings_can_be_null=True,
                auto_dict_encode=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    if table.num_columns > width:  # cannot happen (Arrow refuses lines wider than the first); be safe
        return None
    frame = table.to_pandas(types_mapper=lambda t: STR if t == pa.string() else None)
    frame.columns = range(frame.shape[1])
    return frame
