"""Dynamic batching: concurrent `POST /v1/logits` requests coalesced into one forward pass per device.

Requests wait in one first-in-first-out queue. Each device (one model copy each) runs a worker; a worker that is free
takes the oldest request plus every later one of the same sequence length (the built-in DLM has no attention mask, so
only equal lengths share a pass) while the batch stays within `max_batch_tokens`, waiting up to `max_wait_ms` for more
when the batch is not full and another request is being received (`arriving`), so a lone client never waits. While a
device is busy, new requests pile up and go together into its next pass. Log-softmax and top-k run on the device; only the asked rows come back.
"""

from __future__ import annotations

import asyncio
import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from .backend import Backend, ModelReplica
from .metrics import Metrics
from .protocol import Limits, LogitsRequest, RequestError


@dataclass
class _Item:
    request: LogitsRequest
    future: asyncio.Future
    length: int


def _encode(values: np.ndarray) -> list:
    """float32 values as JSON numbers (exact: a double holds every float32); −∞ and NaN as null."""
    if np.isfinite(values).all():
        return values.tolist()
    return [value if math.isfinite(value) else None for value in values.tolist()]


def run_batch(replica: ModelReplica, requests: list[LogitsRequest]) -> list[list[list[dict[str, Any]]]]:
    """One forward pass over every sequence of `requests`; returns each request's `distributions`."""
    sequences = [sequence for request in requests for sequence in request.sequences]
    batch_index: list[int] = []
    position_index: list[int] = []
    row = 0
    for request in requests:
        for positions in request.positions:
            batch_index += [row] * len(positions)
            position_index += positions
            row += 1
    device = replica.device
    with torch.inference_mode():
        ids = torch.tensor(sequences, dtype=torch.long, device=device)
        rows = replica.rows(
            ids,
            torch.tensor(batch_index, dtype=torch.long, device=device),
            torch.tensor(position_index, dtype=torch.long, device=device),
        )
        wanted_k = max((request.top_k or 0 for request in requests), default=0)
        top_values = top_ids = None
        if wanted_k > 0:
            log_probs = torch.log_softmax(rows.float(), dim=-1)
            top_values, top_ids = torch.topk(log_probs, min(wanted_k, log_probs.shape[-1]), dim=-1)
            top_values, top_ids = top_values.cpu().numpy(), top_ids.cpu().numpy()
        full = rows.float().cpu().numpy() if any(request.top_k is None for request in requests) else None
    results = []
    start = 0
    for request in requests:
        distributions = []
        for positions in request.positions:
            entries = []
            for offset in range(len(positions)):
                index = start + offset
                if request.top_k is None:
                    entries.append({"logits": _encode(full[index])})
                    continue
                values = top_values[index][: request.top_k]
                ids_row = top_ids[index][: request.top_k]
                order = np.lexsort((ids_row, -values))  # most likely first, ties to the lower id (as dlmpo's toTopK)
                entries.append({"tokenIds": ids_row[order].tolist(), "logProbs": _encode(values[order])})
            distributions.append(entries)
            start += len(positions)
        results.append(distributions)
    return results


class Batcher:
    """Queues requests and runs them in batches, one worker per model replica."""

    def __init__(self, backend: Backend, limits: Limits, metrics: Metrics):
        self.backend = backend
        self.limits = limits
        self.metrics = metrics
        self._pending: list[_Item] = []
        # Requests whose body is being read or checked: worth waiting for. The app counts them.
        self.arriving = 0
        self._arrived = asyncio.Event()
        self._workers: list[asyncio.Task] = []
        self._executors = [ThreadPoolExecutor(max_workers=1) for _ in backend.replicas]

    def start(self) -> None:
        self._workers = [asyncio.ensure_future(self._work(index)) for index in range(len(self.backend.replicas))]

    async def stop(self) -> None:
        for worker in self._workers:
            worker.cancel()
        for executor in self._executors:
            executor.shutdown(wait=False)

    @property
    def queued(self) -> int:
        return len(self._pending)

    async def submit(self, request: LogitsRequest) -> list:
        """The request's `distributions`; RequestError 429 when `max_queued` requests already wait."""
        if len(self._pending) >= self.limits.max_queued:
            raise RequestError(429, "busy", f"{self.limits.max_queued} requests are already waiting; retry after 1 second.")
        future = asyncio.get_running_loop().create_future()
        self._pending.append(_Item(request=request, future=future, length=len(request.sequences[0])))
        self.metrics.queued = len(self._pending)
        self._arrived.set()
        return await future

    def _take(self) -> list[_Item]:
        first = self._pending[0]
        taken, tokens = [], 0
        for item in self._pending:
            if item.length != first.length or item.future.cancelled():
                continue
            if taken and tokens + item.request.tokens > self.limits.max_batch_tokens:
                break
            taken.append(item)
            tokens += item.request.tokens
        chosen = {id(item) for item in taken}
        self._pending = [item for item in self._pending if id(item) not in chosen and not item.future.cancelled()]
        self.metrics.queued = len(self._pending)
        return taken

    def _room(self) -> bool:
        first = self._pending[0]
        tokens = sum(item.request.tokens for item in self._pending if item.length == first.length)
        return tokens < self.limits.max_batch_tokens

    async def _work(self, index: int) -> None:
        loop = asyncio.get_running_loop()
        replica = self.backend.replicas[index]
        while True:
            while not self._pending:
                self._arrived.clear()
                await self._arrived.wait()
            if self.limits.max_wait_ms > 0:
                deadline = loop.time() + self.limits.max_wait_ms / 1000
                while self._pending and self._room() and self.arriving > 0 and loop.time() < deadline:
                    self._arrived.clear()
                    try:
                        await asyncio.wait_for(self._arrived.wait(), deadline - loop.time())
                    except asyncio.TimeoutError:
                        break
            if not self._pending:
                continue
            items = self._take()
            if not items:
                continue
            requests = [item.request for item in items]
            started = time.perf_counter()
            try:
                results = await loop.run_in_executor(self._executors[index], run_batch, replica, requests)
            except Exception as error:  # noqa: BLE001 - a failed pass fails its requests, the server goes on
                for item in items:
                    if not item.future.done():
                        item.future.set_exception(error)
                continue
            self.metrics.forward(
                requests=len(items),
                sequences=sum(len(request.sequences) for request in requests),
                tokens=sum(request.tokens for request in requests),
                seconds=time.perf_counter() - started,
            )
            for item, result in zip(items, results):
                if not item.future.done():
                    item.future.set_result(result)
