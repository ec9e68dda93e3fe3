"""One execution layer for every stage: run a function over chunks in-process, on all cores, or on Dask.

:func:`map_chunks` applies a module-level function to each chunk and yields the results **in input
order**, so a stage writes the same bytes whatever ran it:

* ``jobs=1`` (no scheduler) - in this process;
* ``jobs=N`` - a :class:`concurrent.futures.ProcessPoolExecutor` with N worker processes;
* ``scheduler="local"`` - Dask's local multiprocessing scheduler on this machine (no server to start);
* ``scheduler="tcp://HOST:PORT"`` (any ``dask.distributed`` address) - the workers of that cluster,
  through :class:`distributed.Client`. The workers need the same ``newsframing`` installed.

Chunk boundaries are fixed by the caller, never by the number of workers, and every chunk is computed
by the same function, so the backends can only differ in *where* a chunk runs. Scheduling is left to
the libraries; this module only keeps a bounded window of chunks in flight (so memory does not grow with
the input) and restores the order - the one thing neither executor does for a lazy stream.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import Any, TypeVar

from newsframing.errors import NewsframingError

T = TypeVar("T")
R = TypeVar("R")

LOCAL = "local"
CHUNK_ROWS = 5000  # rows per chunk for every stage that chunks rows: fixed, never derived from the number of workers
IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: keeps workers busy, memory bounded


def all_cores() -> int:
    """Cores this process may use (the affinity mask, not the machine's count, where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def check_scheduler(scheduler: str | None) -> str | None:
    """``None``, ``"local"`` or a dask.distributed address; anything else is a user error."""
    if scheduler in (None, "", "none"):
        return None
    if scheduler == LOCAL or "://" in scheduler:
        return scheduler
    raise NewsframingError(None, f"--scheduler: {scheduler!r} is neither 'local' nor an address like tcp://HOST:PORT")


def describe(jobs: int, scheduler: str | None) -> str:
    """One phrase for progress lines: where the chunks run."""
    scheduler = check_scheduler(scheduler)
    if scheduler == LOCAL:
        return f"dask local, {jobs} process{'es' if jobs != 1 else ''}"
    if scheduler:
        return f"dask cluster {scheduler}"
    return "1 process" if jobs <= 1 else f"{jobs} processes"


def map_chunks(fn: Callable[..., R], chunks: Iterable[T], *args: Any, jobs: int = 1,
               scheduler: str | None = None, prepare: Callable[..., None] | None = None) -> Iterator[R]:
    """Yield ``fn(chunk, *args)`` for each chunk, in input order.

    ``fn`` must be a module-level function (it is pickled to other processes) and ``args`` small or
    picklable (a model *path*, not a model). Chunks are consumed lazily: at most
    ``jobs * IN_FLIGHT_PER_WORKER`` are in flight at once. With a single chunk no pool is started.
    ``prepare(*args)``, when given, runs first in this process when the chunks run on this machine, so
    that forked workers inherit what it loads; a remote cluster's workers load it themselves.
    """
    scheduler = check_scheduler(scheduler)
    jobs = max(1, int(jobs))
    if prepare is not None and (scheduler is None or scheduler == LOCAL):
        prepare(*args)
    it = iter(chunks)
    head = list(islice(it, 2))
    if not head:
        return
    chunks = chain(head, it)
    if scheduler is None and (jobs == 1 or len(head) == 1):
        for c in chunks:
            yield fn(c, *args)
        return
    if scheduler is None:
        yield from _pool(fn, chunks, args, jobs)
    elif scheduler == LOCAL:
        yield from _dask_local(fn, chunks, args, jobs)
    else:
        yield from _distributed(fn, chunks, args, scheduler)


def _ordered(submit: Callable[[T], Any], result: Callable[[Any], R], chunks: Iterable[T], window: int) -> Iterator[R]:
    """Keep up to ``window`` submitted chunks in flight and yield their results first-in first-out."""
    pending: deque = deque()
    for c in chunks:
        pending.append(submit(c))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _pool(fn, chunks, args, jobs: int) -> Iterator:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as ex:
        yield from _ordered(lambda c: ex.submit(fn, c, *args), lambda f: f.result(), chunks,
                            jobs * IN_FLIGHT_PER_WORKER)


def _dask_local(fn, chunks, args, jobs: int) -> Iterator:
    """Dask's multiprocessing scheduler, one graph per window of chunks, on one process pool kept for the
    whole run (Dask would otherwise start a pool per ``compute``). ``chunksize=1``: by default the
    scheduler sends up to 6 ready tasks to a worker in one batch, which ran a whole window of chunks in
    one process."""
    from concurrent.futures import ProcessPoolExecutor

    import dask

    window = jobs * IN_FLIGHT_PER_WORKER
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        it = iter(chunks)
        while batch := list(islice(it, window)):
            tasks = [dask.delayed(fn, pure=False)(c, *args) for c in batch]
            yield from dask.compute(*tasks, scheduler="processes", pool=pool, num_workers=jobs, chunksize=1)


def _distributed(fn, chunks, args, address: str) -> Iterator:
    try:
        from distributed import Client
    except ImportError:  # pragma: no cover - distributed is a dependency
        raise NewsframingError(None, "--scheduler tcp://...: the `distributed` package is not installed") from None
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise NewsframingError(None, f"--scheduler: cannot reach the Dask scheduler at {address} ({exc})") from None
    try:
        workers = max(1, sum(client.nthreads().values()))
        yield from _ordered(lambda c: client.submit(fn, c, *args, pure=False), lambda f: f.result(), chunks,
                            workers * IN_FLIGHT_PER_WORKER)
    finally:
        client.close()
