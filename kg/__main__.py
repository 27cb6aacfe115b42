"""`kg` and `python -m kg`: loads the command line, then runs it.

Loading kg's libraries (pandas, igraph, scikit-learn, rdflib ...) takes a second or more, several
on a busy machine; a SIGINT then would print a traceback from deep inside an import. It ends
instead as one during the build does: one line and exit 130. Nothing has been read or written yet.
"""

from __future__ import annotations

import sys


def run() -> None:
    try:
        from kg.cli import run as run_command_line
    except KeyboardInterrupt:
        sys.stderr.write("kg: interrupted while starting: nothing was read or written\n")
        sys.exit(130)
    run_command_line()


if __name__ == "__main__":
    run()
