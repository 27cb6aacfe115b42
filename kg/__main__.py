"""`kg` and `python -m kg`: loads the command line, then runs it.

Loading kg's libraries (pandas, igraph, rdflib ...) takes a second or more, several on a busy
machine. A SIGINT then must end kg as one during the build does: one line and exit 130. Raised as
KeyboardInterrupt inside an import it would print a traceback, or be swallowed by a library's
bare `except:` around an optional import (seen: the build then ran to the end and exited 0). So
while the libraries load, SIGINT is only noted, and answered once they are loaded. Nothing has
been read or written by then.
"""

from __future__ import annotations

import signal
import sys


def run() -> None:
    noted: list[int] = []
    # Only Python's own answer to SIGINT is replaced: an inherited SIG_IGN (nohup, `cmd &` in a
    # script) stays, as it does for the rest of the run.
    ours = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ours:
        signal.signal(signal.SIGINT, lambda number, frame: noted.append(number))
    try:
        from kg.cli import run as run_command_line
    except KeyboardInterrupt:  # a handler of someone else's raised it
        noted.append(signal.SIGINT)
    finally:
        if ours:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    if noted:
        sys.stderr.write("kg: interrupted while starting: nothing was read or written\n")
        sys.exit(130)
    run_command_line()


if __name__ == "__main__":
    run()
