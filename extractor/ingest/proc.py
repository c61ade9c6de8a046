"""External tools (pdftoppm, tesseract, pdftotext, LibreOffice) run so that a file's time limit can
stop them: every live child is known, `cancel()` kills them all (a whole process group for tools
that start helpers of their own, such as LibreOffice) and refuses new ones until `reset()`."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from typing import Callable

from ..errors import IngestError

_live: dict[int, tuple[subprocess.Popen, bool]] = {}
_lock = threading.Lock()
_cancelled = threading.Event()
# set by a batch worker to tell its parent which process groups to kill if the worker itself is killed
on_spawn: Callable[[int], None] | None = None
on_exit: Callable[[int], None] | None = None


def _kill(p: subprocess.Popen, group: bool) -> None:
    try:
        if group:
            os.killpg(p.pid, signal.SIGKILL)
        else:
            p.kill()
    except (ProcessLookupError, PermissionError):
        pass


def run(
    cmd: list[str],
    timeout: float,
    *,
    env: dict | None = None,
    text: bool = False,
    group: bool = False,
    check: bool = False,
) -> subprocess.CompletedProcess:
    """subprocess.run with capture, a time limit, and cancellation. `group`: the tool gets its own
    process group, killed whole (it starts helpers). A tool past `timeout` raises IngestError."""
    if _cancelled.is_set():
        raise IngestError("stopped at the time limit", "raise --timeout")
    p = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=text,
        start_new_session=group,
    )
    with _lock:
        _live[p.pid] = (p, group)
    if group and on_spawn:
        on_spawn(p.pid)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(p, group)
        p.communicate()
        raise IngestError(
            f"{os.path.basename(cmd[0])} did not finish in {timeout:.0f} s",
            "the file may be damaged; try it alone with a larger --timeout",
        ) from None
    except BaseException:
        _kill(p, group)
        p.wait()
        raise
    finally:
        with _lock:
            _live.pop(p.pid, None)
        if group and on_exit:
            on_exit(p.pid)
    if _cancelled.is_set():
        raise IngestError("stopped at the time limit", "raise --timeout")
    if check and p.returncode != 0:
        raise subprocess.CalledProcessError(p.returncode, cmd, out, err)
    return subprocess.CompletedProcess(cmd, p.returncode, out, err)


def cancel() -> None:
    """Kill every live tool and refuse new ones (the file's time is up)."""
    _cancelled.set()
    with _lock:
        live = list(_live.values())
    for p, group in live:
        _kill(p, group)


def reset() -> None:
    _cancelled.clear()
