"""Output files written by a forked child process while this process writes the others.

Writing a generation is a row of independent files; the spreadsheet copies (XLSX, written cell
by cell in Python) cost as much as all the rest. With a second core, a child forked just before
the tables are validated writes them into a folder of its own under the output's cache (each
file under a temporary name, renamed when complete); the generation's writer for such a file
then waits for the child and moves the file in. Whatever goes wrong in the child (it dies, a
file is missing) the file is written here instead, so the output never depends on the child.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
from pathlib import Path
from typing import Callable, Mapping

PREFIX = "writing-"
PATIENCE = 900  # seconds to wait for the child before writing its files here (a child that hangs)


def _die_with_parent() -> None:
    """Best effort (Linux): the child is killed when this process is, so a killed run leaves no writer."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _write_all(writers: Mapping[str, Callable[[Path], object]], folder: Path) -> None:
    _die_with_parent()
    for name, write in writers.items():
        partial = folder / f"{name}.partial"
        write(partial)
        os.replace(partial, folder / name)


def _remove_abandoned(cache: Path) -> None:
    """Folders of runs that are no longer running (killed while writing)."""
    for path in cache.glob(f"{PREFIX}*"):
        try:
            pid = int(path.name[len(PREFIX):])
            os.kill(pid, 0)
            continue  # that run is still going
        except (ValueError, ProcessLookupError):
            pass
        except PermissionError:
            continue
        shutil.rmtree(path, ignore_errors=True)


class ForkedFiles:
    """``writers`` (file name -> function writing a path) run by one forked child, in order,
    started at once; ``writer(name, fallback)`` gives the generation's writer for that file.
    Without fork, or when ``enabled`` is false, every file is written by its fallback here."""

    def __init__(self, cache: Path, writers: Mapping[str, Callable[[Path], object]], enabled: bool = True):
        self._names = set(writers)
        self._child = None
        self._folder = Path(cache) / f"{PREFIX}{os.getpid()}"
        if not (enabled and writers and "fork" in multiprocessing.get_all_start_methods()):
            self._names = set()
            return
        try:
            self._folder.parent.mkdir(parents=True, exist_ok=True)
            _remove_abandoned(self._folder.parent)
            self._folder.mkdir()
            self._child = multiprocessing.get_context("fork").Process(target=_write_all, args=(dict(writers), self._folder),
                                                                      daemon=True)
            self._child.start()
        except OSError:  # no room for a folder or a process: write here
            self._names = set()
            self._child = None

    def writer(self, name: str, fallback: Callable[[Path], object]) -> Callable[[Path], object]:
        if name not in self._names:
            return fallback

        def take(path: Path) -> None:
            if self._child is not None:
                self._child.join(PATIENCE)
                if self._child.is_alive():
                    self._child.kill()
            done = self._folder / name
            try:
                os.replace(done, path)
            except OSError:  # the child failed before this file: write it here
                fallback(path)
        return take

    def close(self) -> None:
        if self._child is not None:
            if self._child.is_alive():
                self._child.kill()
            self._child.join()
            self._child = None
        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> "ForkedFiles":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
