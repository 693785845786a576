"""`python -m pipeline serve` as the tests start it: a real Datasette process on a free port
of 127.0.0.1 over a folder of tables, stopped (by its own pid) when the test module ends."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    port: int
    stderr: str  # what `serve` printed before Datasette took over
    pid: int

    def get(self, path: str) -> dict | list:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return json.load(response)

    def text(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.read().decode("utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(out: Path, web_dir: Path, timeout: float = 60):
    port = free_port()
    err = web_dir.parent / f"{web_dir.name}-serve.err"
    with open(err, "w", encoding="utf-8") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--out", str(out), "--port", str(port),
                                 "--web-dir", str(web_dir)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"serve exited with {proc.returncode}: {err.read_text()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"serve did not answer on port {port} in {timeout}s: {err.read_text()}")
                time.sleep(0.2)
        yield Server(f"http://127.0.0.1:{port}", port, err.read_text(), proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
