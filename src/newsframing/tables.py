"""Tables in chunks: read CSV or Parquet a chunk at a time, write CSV or Parquet a chunk at a time.

The format follows the file's suffix (``.parquet``/``.pq`` is Parquet, anything else CSV). Reading
yields DataFrames of at most ``rows`` rows; writing goes to a temporary file beside the destination
that replaces it only when every chunk is written (:func:`newsframing.atomic.atomic_file`), so memory
stays one chunk deep and a failed run leaves nothing behind. CSV is written exactly as
:func:`newsframing.atomic.write_csv` writes a whole table (so chunked and whole output are the same bytes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from newsframing.atomic import FLOAT_FORMAT, atomic_file
from newsframing.errors import NewsframingError

PARQUET_SUFFIXES = (".parquet", ".pq")


def is_parquet(path: Path) -> bool:
    return Path(path).suffix.lower() in PARQUET_SUFFIXES


def read_chunks(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    """Chunks of ``rows`` rows; CSV cells are read as text exactly as written (no NA guessing)."""
    path = Path(path)
    if not path.exists():
        raise NewsframingError(path, "file not found")
    if not path.is_file():
        raise NewsframingError(path, "is a directory, not a file")
    if is_parquet(path):
        yield from _parquet_chunks(path, rows)
    else:
        yield from _csv_chunks(path, rows)


def columns(path: Path) -> list[str]:
    """The table's column names, read without reading its rows."""
    path = Path(path)
    if is_parquet(path):
        import pyarrow.parquet as pq

        try:
            return list(pq.read_schema(path).names)
        except Exception as exc:  # pyarrow raises several types for a bad file
            raise NewsframingError(path, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    for chunk in _csv_chunks(path, 1, allow_empty=True):
        return list(chunk.columns)
    return []  # pragma: no cover - _csv_chunks always yields once with allow_empty


def _csv_chunks(path: Path, rows: int, allow_empty: bool = False) -> Iterator[pd.DataFrame]:
    try:
        reader = pd.read_csv(path, dtype=str, keep_default_na=False, chunksize=rows)
        with reader:
            first = True
            for chunk in reader:
                if first and chunk.empty and not allow_empty:
                    continue
                first = False
                yield chunk
                if allow_empty:
                    return
            if first and allow_empty:  # header only: pandas yields no chunk
                yield pd.read_csv(path, dtype=str, keep_default_na=False, nrows=0)
    except pd.errors.EmptyDataError:
        raise NewsframingError(path, "file is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise NewsframingError(path, f"not a readable CSV ({str(exc).splitlines()[0]})") from None


def _parquet_chunks(path: Path, rows: int) -> Iterator[pd.DataFrame]:
    import pyarrow.parquet as pq

    try:
        f = pq.ParquetFile(path)
    except Exception as exc:
        raise NewsframingError(path, f"not a readable Parquet file ({str(exc).splitlines()[0]})") from None
    start = 0
    with f:
        for batch in f.iter_batches(batch_size=rows):
            df = batch.to_pandas()
            df.index = pd.RangeIndex(start, start + len(df))
            start += len(df)
            yield df


class ChunkWriter:
    """Append DataFrames with the same columns to one CSV or Parquet file (see :func:`chunk_writer`)."""

    def __init__(self, tmp: Path, parquet: bool) -> None:
        self.tmp, self.parquet, self.rows = tmp, parquet, 0
        self._pq = None
        self._schema = None

    def write(self, df: pd.DataFrame) -> None:
        if self.parquet:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(df, schema=self._schema, preserve_index=False)
            if self._pq is None:
                self._schema = table.schema
                self._pq = pq.ParquetWriter(self.tmp, self._schema)
            self._pq.write_table(table)
        else:
            df.to_csv(self.tmp, mode="a", header=self.rows == 0 and not self.tmp.stat().st_size,
                      index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
        self.rows += len(df)

    def close(self) -> None:
        if self._pq is not None:
            self._pq.close()


@contextmanager
def chunk_writer(path: Path) -> Iterator[ChunkWriter]:
    """Yield a writer; the file appears at ``path`` (mode 0644 under the usual umask) only on success."""
    with atomic_file(path) as tmp:
        w = ChunkWriter(tmp, is_parquet(path))
        try:
            yield w
        finally:
            w.close()
