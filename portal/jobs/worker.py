"""The RQ worker `portal worker` runs, imported only where a worker with REDIS_URL needs rq."""
from __future__ import annotations

import os

from rq import SimpleWorker, Worker

# How long the worker's command listener (stop or kill requests published on its channel) may
# sleep in one read. RQ lets it sleep 60 s; since redis-py 8.2 stopping that listener waits for
# the read to end, so a worker that unsubscribed between two reads took up to a minute to exit
# (`portal worker --burst` on an empty queue, or a warm shutdown). One second bounds it.
LISTENER_SLEEP_SECONDS = 1.0


class _PromptExit:
    """Subscribe the command listener with a short read so the worker always exits promptly."""

    def subscribe(self) -> None:
        self.pubsub = self.connection.pubsub()
        self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
        self.pubsub_thread = self.pubsub.run_in_thread(
            sleep_time=LISTENER_SLEEP_SECONDS, daemon=True,
            exception_handler=self._pubsub_exception_handler)


class PortalWorker(_PromptExit, SimpleWorker):
    """Runs each job in the worker process (the default, see `portal worker --help`)."""


class PortalForkingWorker(_PromptExit, Worker):
    """Forks a child process per job (`portal worker --fork`)."""


def worker_class(fork: bool) -> type[Worker]:
    return PortalForkingWorker if fork and os.name != "nt" else PortalWorker
