"""Output generations: every file of one run becomes visible together, or not at all.

A run writes its files into a new folder ``<out>/generations/<id>/``, makes them durable
(fsync of each file and of the folders), then switches one symlink, ``<out>/current``, to that
folder with a single ``os.replace``. The paths users read (``<out>/events.parquet``, ...,
``<out>/run-summary.json``) are symlinks into ``current/``, so they all change at that one
rename, and a crash before it leaves every one of them on the previous generation::

    processed/
      current -> generations/000042-20261201T103412Z
      events.parquet -> current/events.parquet      (and every other file of a generation)
      generations/000041-.../  000042-.../            (the current one and the one before)
      cache/  run.log  .lock                          (not part of a generation)

Generation IDs start with a sequence number, so their order does not depend on the clock. The
previous generation is kept; older ones are removed. A generation newer than ``current`` was
never published (its run died before the switch) and, with temporary files (``.*.tmp``) left by
a killed run, is removed by the next run, which reports it in one warning. An output folder of
the old layout (plain files) is migrated without ever showing a mix: its files are first
hard-linked into a generation of their own, and each plain file is swapped for a symlink to the
same content, before the new generation is switched in.

``PIPELINE_TEST_CRASH_AT=<point>`` (test only) kills the process with SIGKILL at that point of
the write (``CRASH_POINTS``), so tests can prove that a kill anywhere leaves a consistent folder.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping

from .tables import fsync_dir, fsync_file

GENERATIONS = "generations"
CURRENT = "current"
LOCK = ".lock"
GENERATION_RE = re.compile(r"^(\d{6})-\d{8}T\d{6}Z$|^(\d{6})-legacy$")
CRASH_ENV = "PIPELINE_TEST_CRASH_AT"


def crash_points(names: tuple[str, ...]) -> tuple[str, ...]:
    """Every point where ``PIPELINE_TEST_CRASH_AT`` can kill a run that writes ``names``
    (the legacy points are met only when migrating an old-layout folder)."""
    return (
        "start",
        *(f"written {name}" for name in names),
        "generation durable",
        "symlink made",
        "switched",
        "pruning",
        "legacy copied",
        "legacy symlink made",
        "legacy switched",
        *(f"legacy linked {name}" for name in names),
    )


def crash_point(point: str) -> None:
    """Test only: die here, as a kill -9 would, when ``PIPELINE_TEST_CRASH_AT`` names this point."""
    if os.environ.get(CRASH_ENV) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _seq(name: str) -> int | None:
    match = GENERATION_RE.match(name)
    if not match:
        return None
    return int(match.group(1) or match.group(2))


def current_generation(out: Path) -> Path | None:
    """The folder ``<out>/current`` points to, None when there is none (yet)."""
    link = Path(out) / CURRENT
    if not link.is_symlink():
        return None
    target = Path(os.readlink(link))
    folder = (link.parent / target) if not target.is_absolute() else target
    return folder if folder.is_dir() else None


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    """One writer at a time per output folder (another run waits until this one has switched)."""
    with open(out / LOCK, "a") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_stale(out: Path) -> list[str]:
    """Remove what a killed run left: temporary files (``.*.tmp``) in ``out`` and in
    generations, and generations never switched in. Returns the names removed."""
    out = Path(out)
    removed: list[str] = []
    for path in sorted(out.glob(".*.tmp")):
        _remove(path)
        removed.append(path.name)
    folder = out / GENERATIONS
    current = current_generation(out)
    current_seq = _seq(current.name) if current else None
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            seq = _seq(path.name)
            unpublished = seq is None or current_seq is None or seq > current_seq
            if unpublished and (current is None or path.name != current.name):
                _remove(path)
                removed.append(f"{GENERATIONS}/{path.name}")
    return removed


def _prune(out: Path, keep: Path) -> None:
    """Keep ``keep`` (the current generation) and the newest one before it; remove the rest."""
    folder = out / GENERATIONS
    seq = _seq(keep.name)
    numbered = [(_seq(p.name), p) for p in folder.iterdir()]
    older = [p for n, p in sorted((n, p) for n, p in numbered if n is not None and n < seq)]
    for path in older[:-1]:
        crash_point("pruning")
        _remove(path)


def _switch(out: Path, target: Path, prefix: str = "") -> None:
    """Point ``<out>/current`` at ``target`` with one atomic rename of a new symlink."""
    tmp = out / f".{CURRENT}.{target.name}.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(f"{GENERATIONS}/{target.name}", tmp)
    crash_point(prefix + "symlink made")
    os.replace(tmp, out / CURRENT)
    fsync_dir(out)
    crash_point(prefix + "switched")


def _link(out: Path, name: str) -> None:
    """``<out>/name`` becomes (atomically) a symlink to ``current/name``."""
    path = out / name
    wanted = f"{CURRENT}/{name}"
    if path.is_symlink() and os.readlink(path) == wanted:
        return
    tmp = out / f".{name}.link.tmp"
    tmp.unlink(missing_ok=True)
    os.symlink(wanted, tmp)
    os.replace(tmp, path)


def _migrate_legacy(out: Path, names: tuple[str, ...]) -> None:
    """Plain files of the old layout join a generation of their own before any is replaced."""
    plain = [name for name in names if (out / name).is_file() and not (out / name).is_symlink()]
    if not plain:
        return
    current = current_generation(out)
    if current is None:  # first run over an old-layout folder
        current = out / GENERATIONS / f"{0:06d}-legacy"
        current.mkdir(parents=True, exist_ok=True)
    for name in plain:
        copy = current / name
        if not copy.exists():  # an interrupted migration may already have it
            try:
                os.link(out / name, copy)
            except OSError:
                shutil.copy2(out / name, copy)
            fsync_file(copy)
    fsync_dir(current)
    fsync_dir(current.parent)
    crash_point("legacy copied")
    if (out / CURRENT).is_dir() and not (out / CURRENT).is_symlink():
        # a copy that followed the symlinks (cp -rL, shutil.copytree) made `current` a plain
        # folder; the plain files beside it are what readers see, so it can go (a leftover if killed)
        os.rename(out / CURRENT, out / f".{CURRENT}.copied.tmp")
    if current_generation(out) != current:
        _switch(out, current, prefix="legacy ")
    shutil.rmtree(out / f".{CURRENT}.copied.tmp", ignore_errors=True)
    for name in plain:
        _link(out, name)
        crash_point(f"legacy linked {name}")
    fsync_dir(out)


def _new_id(out: Path) -> str:
    folder = out / GENERATIONS
    seqs = [_seq(p.name) for p in folder.iterdir()] if folder.is_dir() else []
    seq = max([s for s in seqs if s is not None], default=0) + 1
    return f"{seq:06d}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}"


def publish(out: Path, writers: Mapping[str, Callable[[Path], object]], warnings: list[str] | None = None,
            ) -> dict[str, Path]:
    """Write one generation (``writers``: file name -> function writing that path, called in
    order) and switch it in; returns the user-facing path of each file. Files left by an
    interrupted run are removed first, with one line appended to ``warnings`` (before any writer
    runs, so a summary written last can list it). On an exception no file a reader sees changes."""
    out = Path(out)
    names = tuple(writers)
    out.mkdir(parents=True, exist_ok=True)
    warnings = warnings if warnings is not None else []
    with _locked(out):
        crash_point("start")
        removed = remove_stale(out)
        if removed:
            warnings.append(f"write: removed {len(removed)} file(s) left by an interrupted run in {out}: "
                            + ", ".join(removed))
        _migrate_legacy(out, names)
        for name in names:  # links into current/ (dangling until a generation has the file)
            _link(out, name)
        fsync_dir(out)
        folder = out / GENERATIONS / _new_id(out)
        folder.mkdir(parents=True)
        try:
            for name, write in writers.items():
                write(folder / name)
                fsync_file(folder / name)
                crash_point(f"written {name}")
            fsync_dir(folder)
            fsync_dir(folder.parent)
            crash_point("generation durable")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _switch(out, folder)
        _prune(out, folder)
    return {name: out / name for name in names}
