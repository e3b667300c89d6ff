"""Run PDF extraction in reusable child processes with CPU, memory and wall-clock limits.

Workers come from a multiprocessing "forkserver" that has pdfplumber, pdfminer and
pypdfium2 preloaded, so replacing a killed worker costs a fork, not a cold interpreter.
A worker serves many files; before each one its CPU limit is reset to "used so far plus
the allowance", and the parent kills it (and any Tesseract it started) when the wall
clock runs out. Memory is capped with RLIMIT_AS for the worker's whole life.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from portal.certificates.confinement import confine_child, start_forkserver
from portal.certificates.results import (
    STATUS_MALFORMED,
    STATUS_TIMEOUT,
    STATUS_TOO_LARGE,
    CertificateExtraction,
    Limits,
    failed,
    with_timing,
)

PRELOAD = [
    "portal.certificates.pdftext",
    "pdfplumber",
    "pdfminer.pdfpage",
    "pypdfium2",
    "tesserocr",
]
_JOBS_PER_WORKER = 200


def _worker_main(conn: Connection, memory_bytes: int, inherited: Connection | None = None) -> None:
    """Serve extraction jobs from the parent until the pipe closes."""
    if inherited is not None:
        inherited.close()  # a forked child holds the parent's end too: EOF needs it closed
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    confine_child()  # issue 13: no secrets, empty working directory, lower CPU priority
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    from portal.certificates.pdftext import extract_pdf

    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    while True:
        try:
            path, limits = conn.recv()
        except (EOFError, OSError):
            return
        usage = resource.getrusage(resource.RUSAGE_SELF)
        used = int(usage.ru_utime + usage.ru_stime) + 1
        soft = used + limits.cpu_seconds
        if cpu_hard != resource.RLIM_INFINITY:
            soft = min(soft, cpu_hard)
        resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu_hard))
        try:
            result = extract_pdf(path, limits=limits)
        except MemoryError:
            result = failed(
                STATUS_TOO_LARGE, "memory", "Reading the PDF needed more memory than allowed."
            )
        conn.send(result)
        if result.reason == "memory":
            return


class _Worker:
    def __init__(self, ctx: Any, memory_bytes: int) -> None:
        if ctx.get_start_method() == "forkserver":
            start_forkserver()  # issue 13: clean environment, bubblewrap where available
        parent, child = ctx.Pipe()
        self.conn: Connection = parent
        inherited = parent if ctx.get_start_method() == "fork" else None
        self.process = ctx.Process(
            target=_worker_main, args=(child, memory_bytes, inherited), daemon=True
        )
        self.process.start()
        child.close()
        self.memory_bytes = memory_bytes
        self.jobs = 0

    def kill(self) -> None:
        pid = self.process.pid
        if pid is not None:
            for kill in (lambda: os.killpg(pid, signal.SIGKILL), self.process.kill):
                try:
                    kill()
                except (ProcessLookupError, PermissionError, OSError):
                    pass
        self.process.join(5)
        self.conn.close()

    def close(self) -> None:
        self.conn.close()
        self.process.join(2)
        if self.process.is_alive():
            self.kill()


class SandboxPool:
    """A small pool of sandboxed extraction workers; safe to share between threads."""

    def __init__(
        self, size: int = 1, *, memory_bytes: int | None = None, start_method: str = "forkserver"
    ) -> None:
        self.size = max(1, size)
        self.memory_bytes = memory_bytes or Limits().memory_bytes
        # "fork" suits a single-threaded command that reads a few files: no second interpreter.
        self._ctx = multiprocessing.get_context(start_method)
        if start_method == "forkserver":
            self._ctx.set_forkserver_preload(PRELOAD)
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(self.size):
            self._idle.put(None)
        self._closed = False

    def _take(self) -> _Worker:
        worker = self._idle.get()
        if worker is None or not worker.process.is_alive() or worker.jobs >= _JOBS_PER_WORKER:
            if worker is not None:
                worker.close()
            try:
                worker = _Worker(self._ctx, self.memory_bytes)
            except BaseException:
                self._idle.put(None)
                raise
        return worker

    def extract(self, path: str | os.PathLike[str], limits: Limits) -> CertificateExtraction:
        """Return the extraction of one file, run in a worker under the given limits."""
        if self._closed:
            raise RuntimeError("the sandbox pool is closed")
        started = time.perf_counter()
        early = _check_path(Path(path), limits)
        if early is not None:
            return with_timing(early, time.perf_counter() - started)
        worker = self._take()
        keep: _Worker | None = worker
        try:
            worker.conn.send((os.fspath(path), limits))
            worker.jobs += 1
            if worker.conn.poll(limits.wall_seconds):
                try:
                    result = worker.conn.recv()
                except (EOFError, OSError):
                    worker.process.join(5)
                    result = _died(worker.process.exitcode, limits)
                    keep = None
            else:
                worker.kill()
                keep = None
                result = failed(
                    STATUS_TIMEOUT,
                    "wall_clock",
                    f"Reading the PDF took longer than {limits.wall_seconds:g} s and was stopped.",
                )
        except BaseException:
            worker.kill()
            keep = None
            raise
        finally:
            if keep is not None and not keep.process.is_alive():
                keep.close()
                keep = None
            self._idle.put(keep)
        return with_timing(result, time.perf_counter() - started)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.close()


def _check_path(path: Path, limits: Limits) -> CertificateExtraction | None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        return failed(STATUS_MALFORMED, "unreadable", f"The file cannot be read ({exc.strerror}).")
    if size > limits.max_bytes:
        return failed(
            STATUS_TOO_LARGE,
            "file_size",
            f"The file is {size / 1048576:.1f} MiB; the limit is "
            f"{limits.max_bytes / 1048576:.0f} MiB.",
        )
    return None


def _died(exitcode: int | None, limits: Limits) -> CertificateExtraction:
    if exitcode == -signal.SIGXCPU:
        return failed(
            STATUS_TIMEOUT,
            "cpu_time",
            f"Reading the PDF used more than {limits.cpu_seconds} s of CPU time and was stopped.",
        )
    # SIGKILL: the kernel's OOM killer (our own kills are reported as timeouts); SIGABRT:
    # CPython or a C library giving up after an allocation failed under RLIMIT_AS; 1: an
    # exception outside extract_pdf (which reports its own), in practice a MemoryError.
    if exitcode in (-signal.SIGKILL, -signal.SIGABRT, 1):
        return failed(
            STATUS_TOO_LARGE,
            "memory",
            f"The reader ran out of memory (limit {limits.memory_bytes // 1048576} MiB) "
            "and was stopped.",
        )
    return failed(
        STATUS_MALFORMED,
        "crash",
        f"The reader process died (exit code {exitcode}): the PDF is damaged, or reading it "
        f"needed more than {limits.memory_bytes // 1048576} MiB of memory.",
    )


_default: SandboxPool | None = None
_default_lock = threading.Lock()


def default_pool() -> SandboxPool:
    """Return the process-wide pool, starting it on first use."""
    global _default
    with _default_lock:
        if _default is None or _default._closed:
            _default = SandboxPool(1)
            atexit.register(_default.close)
        return _default


def extract_pdf_sandboxed(
    path: str | os.PathLike[str], *, limits: Limits | None = None, pool: SandboxPool | None = None
) -> CertificateExtraction:
    """Return the certificate read from a PDF file in a sandboxed child process."""
    limits = limits or Limits()
    pool = pool or default_pool()
    if limits.memory_bytes != pool.memory_bytes:
        pool = _pool_for(limits.memory_bytes)
    return pool.extract(path, limits)


_by_memory: dict[int, SandboxPool] = {}


def _pool_for(memory_bytes: int) -> SandboxPool:
    with _default_lock:
        pool = _by_memory.get(memory_bytes)
        if pool is None or pool._closed:
            pool = _by_memory[memory_bytes] = SandboxPool(1, memory_bytes=memory_bytes)
            atexit.register(pool.close)
        return pool
