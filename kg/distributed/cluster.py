"""Where the distributed build runs: a scheduler the user names, or a local cluster.

Nothing here listens beyond 127.0.0.1: the local cluster binds the loopback and has no
dashboard, so a build on a laptop opens no port to the network.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

LOCAL_WORKERS = 2


@contextmanager
def connect(scheduler: str | None = None, workers: int = LOCAL_WORKERS) -> Iterator:
    """A dask.distributed Client: to `scheduler` (tcp://host:port), else to a LocalCluster of
    `workers` single-threaded processes (kg's stages hold the GIL: processes, not threads)."""
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler, timeout="30s") as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
