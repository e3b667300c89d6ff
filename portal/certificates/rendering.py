"""Draw one page of an untrusted PDF as a PNG in a child process, under the reader's limits.

The same rules as the extraction sandbox: the child runs in its own process group with
RLIMIT_AS and RLIMIT_CPU set, bombs and oversized files are refused before pdfium opens the
file, and the parent kills the group when the wall clock runs out. Only PNG bytes come back.
"""
from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import resource
import signal
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from portal.certificates.confinement import CHILD_NICENESS, confine_child, start_forkserver
from portal.certificates.results import Limits
from portal.certificates.sandbox import PRELOAD
from portal.domain import DomainError

RENDER_DPI = 100
MAX_SIDE_PIXELS = 2000
MAX_PNG_BYTES = 8 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class RenderedPage:
    """The PNG of one page, or why it could not be drawn."""

    png: bytes | None
    message: str = ""


def _render_child(conn: Connection, path: str, page_number: int, dpi: int,
                  limits: Limits) -> None:
    """Render in the child: set limits, check the bytes, draw the page, send PNG bytes back."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    confine_child(CHILD_NICENESS)
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = limits.cpu_seconds
    if cpu_hard != resource.RLIM_INFINITY:
        soft = min(soft, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu_hard))
    try:
        conn.send(("ok", _draw(path, page_number, dpi, limits)))
    except _Refused as refused:
        conn.send(("error", str(refused)))
    except MemoryError:
        conn.send(("error", "Drawing the page needed more memory than allowed."))
    except Exception as exc:  # every pdfium failure becomes a message, never a crash
        conn.send(("error", f"The page could not be drawn ({type(exc).__name__})."))


class _Refused(Exception):
    pass


def _draw(path: str, page_number: int, dpi: int, limits: Limits) -> bytes:
    from portal.certificates.pdftext import check_bytes

    if os.stat(path).st_size > limits.max_bytes:
        raise _Refused("The file is over the size limit.")
    data = Path(path).read_bytes()
    rejected = check_bytes(data, limits)
    if rejected is not None and rejected.reason != "truncated":  # pdfium may still draw it
        raise _Refused(rejected.message)
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise _Refused("The PDF is protected by a password.") from None
        raise _Refused(f"The PDF cannot be opened ({exc}).") from None
    try:
        count = len(pdf)
        if count > limits.max_pages:
            raise _Refused(f"The PDF has {count} pages; the limit is {limits.max_pages}.")
        if not 1 <= page_number <= count:
            raise _Refused(f"The PDF has no page {page_number}.")
        page = pdf[page_number - 1]
        width, height = page.get_size()
        scale = dpi / 72
        longest = max(width, height, 1) * scale
        if longest > MAX_SIDE_PIXELS:  # a poster-sized page would otherwise be huge
            scale = MAX_SIDE_PIXELS / max(width, height, 1)
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def render_page_png(path: str | os.PathLike[str], page_number: int, *,
                    limits: Limits | None = None, dpi: int = RENDER_DPI) -> RenderedPage:
    """Return page N (1-based) of a PDF as PNG bytes, drawn in a limited child process."""
    limits = limits or Limits()
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)  # the same server the extraction workers come from
    start_forkserver()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_render_child,
                          args=(sender, os.fspath(path), page_number, dpi, limits), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(limits.wall_seconds):
            return RenderedPage(None, f"Drawing the page took longer than "
                                      f"{limits.wall_seconds:g} s and was stopped.")
        try:
            kind, payload = receiver.recv()
        except (EOFError, OSError):
            return RenderedPage(None, "The page could not be drawn: the drawing process died "
                                      "(a damaged PDF, or over the memory limit).")
    finally:
        _stop(process)
        receiver.close()
    if kind != "ok":
        return RenderedPage(None, str(payload))
    if not isinstance(payload, bytes) or not payload.startswith(PNG_MAGIC):
        return RenderedPage(None, "The page could not be drawn.")
    if len(payload) > MAX_PNG_BYTES:
        return RenderedPage(None, "The page image is too large to show.")
    return RenderedPage(payload)


def _stop(process: multiprocessing.process.BaseProcess) -> None:
    process.join(0.5)
    if process.is_alive() and process.pid is not None:
        for kill in (lambda: os.killpg(process.pid, signal.SIGKILL), process.kill):
            with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
                kill()
        process.join(5)


class PageUnavailable(DomainError):
    """A page image cannot be shown; .message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def page_files(source: Path, page_number: int) -> tuple[Path, Path]:
    """Return where a page's PNG, or the reason it could not be drawn, is kept."""
    stem = source.name.split(".")[0]
    return (source.with_name(f"{stem}.page-{page_number}.png"),
            source.with_name(f"{stem}.page-{page_number}.failed"))


def cached_page_png(source: Path, page_number: int, *, limits: Limits | None = None) -> Path:
    """Return the cached PNG of a page next to the stored PDF, drawing it on first use.

    A failure is cached too (as a short text file), so a hostile file is drawn once, not on
    every request. Raises: PageUnavailable with the reason.
    """
    target, failure = page_files(source, page_number)
    if target.is_file():
        return target
    if failure.is_file():
        raise PageUnavailable(failure.read_text("utf-8")[:500])
    if not source.is_file():
        raise PageUnavailable("The stored file is missing.")
    rendered = render_page_png(source, page_number, limits=limits)
    if rendered.png is None:
        _write_atomically(failure, rendered.message.encode("utf-8"))
        raise PageUnavailable(rendered.message)
    _write_atomically(target, rendered.png)
    return target


def _write_atomically(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".page-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def placeholder_png(message: str, width: int = 560) -> bytes:
    """Return a small PNG that says why a page cannot be shown (drawn here: no PDF involved)."""
    from PIL import Image, ImageDraw

    words, lines, line = message.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines = ["No page image.", *[x for x in [*lines, line] if x]][:8]
    image = Image.new("L", (width, 30 + 16 * len(lines)), 244)
    draw = ImageDraw.Draw(image)
    for n, text in enumerate(lines):
        draw.text((14, 14 + 16 * n), text, fill=40)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
