"""Counters and histograms for `GET /metrics` (Prometheus text format) and `GET /health`."""

from __future__ import annotations

import threading
from collections import Counter

_BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)
_SECONDS_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class _Histogram:
    def __init__(self, buckets: tuple):
        self.buckets = buckets
        self.counts = [0] * len(buckets)
        self.total = 0
        self.sum = 0.0

    def observe(self, value: float) -> None:
        self.total += 1
        self.sum += value
        for index, bound in enumerate(self.buckets):
            if value <= bound:
                self.counts[index] += 1

    def lines(self, name: str, help_text: str) -> list[str]:
        out = [f"# HELP {name} {help_text}", f"# TYPE {name} histogram"]
        out += [f'{name}_bucket{{le="{bound}"}} {count}' for bound, count in zip(self.buckets, self.counts)]
        out += [f'{name}_bucket{{le="+Inf"}} {self.total}', f"{name}_sum {self.sum:.6f}", f"{name}_count {self.total}"]
        return out


class Metrics:
    """Thread-safe: forward passes report from worker threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.responses: Counter = Counter()
        self.batch_sequences = _Histogram(_BATCH_BUCKETS)
        self.batch_requests = _Histogram(_BATCH_BUCKETS)
        self.forward_seconds = _Histogram(_SECONDS_BUCKETS)
        self.tokens = 0
        self.queued = 0

    def response(self, status: int) -> None:
        with self._lock:
            self.responses[status] += 1

    def forward(self, requests: int, sequences: int, tokens: int, seconds: float) -> None:
        with self._lock:
            self.batch_requests.observe(requests)
            self.batch_sequences.observe(sequences)
            self.forward_seconds.observe(seconds)
            self.tokens += tokens

    def prometheus(self) -> str:
        with self._lock:
            lines = ["# HELP dlmpo_responses_total HTTP responses by status.", "# TYPE dlmpo_responses_total counter"]
            lines += [f'dlmpo_responses_total{{status="{status}"}} {count}' for status, count in sorted(self.responses.items())]
            lines += self.batch_requests.lines("dlmpo_batch_requests", "Requests coalesced into one forward pass.")
            lines += self.batch_sequences.lines("dlmpo_batch_sequences", "Sequences in one forward pass.")
            lines += self.forward_seconds.lines("dlmpo_forward_seconds", "Forward pass latency, top-k and copy included.")
            lines += ["# TYPE dlmpo_tokens_total counter", f"dlmpo_tokens_total {self.tokens}"]
            lines += ["# TYPE dlmpo_queued_requests gauge", f"dlmpo_queued_requests {self.queued}"]
            return "\n".join(lines) + "\n"
