"""The process an Extractor with a rules folder of its own runs its documents in (see api.py):
`python -m extractor.child` with VN_EXTRACTOR_RULES set, one pickled request in, one reply out."""

from __future__ import annotations

import sys

from .api import Extractor, receive, send
from .errors import VnTasksError


def serve() -> None:
    """The child's loop: one request, one reply, until its input closes."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but replies on the channel
    while (request := receive(stdin)) is not None:
        config, how, what, name = request
        try:
            reply = (True, Extractor(config).extract_json(how, what, name))
        except VnTasksError as e:
            reply = (False, (type(e).__name__, str(e), getattr(e, "hint", "")))
        except Exception as e:  # noqa: BLE001 - the parent raises it as the package's error
            reply = (False, ("VnTasksError", f"{type(e).__name__}: {e}", ""))
        send(stdout, reply)


if __name__ == "__main__":
    serve()
