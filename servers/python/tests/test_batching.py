"""Dynamic batching: concurrent clients get what they get alone; a full queue answers 429."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import torch

from dlmpo_logits_server.backend import Backend, ModelReplica
from dlmpo_logits_server.batcher import Batcher
from dlmpo_logits_server.metrics import Metrics
from dlmpo_logits_server.protocol import Limits, LogitsRequest, RequestError


def _request(client: int) -> dict:
    # Clients differ in tokens, number of sequences and top-k; all share one length so they can share a pass.
    sequences = [[5 + client, 2, 30 + row, 2, 9, 2 if client % 2 else 40] for row in range(1 + client % 3)]
    return {"sequences": sequences, "positions": [[1, 3]] * len(sequences), "topK": 8 if client % 4 else None}


def test_sixteen_concurrent_clients_get_the_answers_they_get_alone(server, auth):
    alone = [server.request("POST", "/v1/logits", _request(client), auth)[2] for client in range(16)]
    barrier = threading.Barrier(16)

    def together(client: int):
        barrier.wait()
        return server.request("POST", "/v1/logits", _request(client), auth)[2]

    with ThreadPoolExecutor(16) as pool:
        concurrent = list(pool.map(together, range(16)))
    for client in range(16):
        for got_row, want_row in zip(concurrent[client]["distributions"], alone[client]["distributions"]):
            for got, want in zip(got_row, want_row):
                if "tokenIds" in want:
                    assert got["tokenIds"] == want["tokenIds"]
                    assert got["logProbs"] == pytest.approx(want["logProbs"], abs=1e-4)
                else:
                    assert got["logits"] == pytest.approx(want["logits"], abs=1e-4)
    metrics = server.request("GET", "/metrics", headers=auth)[2]
    single = int(next(line for line in metrics.splitlines() if line.startswith('dlmpo_batch_requests_bucket{le="1"}')).split()[-1])
    count = int(next(line for line in metrics.splitlines() if line.startswith("dlmpo_batch_requests_count")).split()[-1])
    assert count > single, "no forward pass served more than one request"


def _blocking_backend(release: threading.Event, started: threading.Event) -> Backend:
    def rows(ids, batch_index, position_index):
        started.set()
        release.wait(timeout=30)
        return torch.zeros(len(batch_index), 4)

    return Backend(
        model_id="blocking", mask_token_id=1, end_token_id=2, vocab_size=4, context_length=8, tokenizer_json="{}",
        replicas=[ModelReplica(device=torch.device("cpu"), rows=rows)],
    )


def test_queues_then_answers_429_when_the_queue_is_full():
    async def scenario():
        release, started = threading.Event(), threading.Event()
        batcher = Batcher(_blocking_backend(release, started), Limits(max_queued=1, max_wait_ms=0), Metrics())
        batcher.start()
        request = LogitsRequest(sequences=[[1, 3]], positions=[[0]], top_k=None)
        running = asyncio.ensure_future(batcher.submit(request))
        while not started.is_set():
            await asyncio.sleep(0.01)
        waiting = asyncio.ensure_future(batcher.submit(request))
        await asyncio.sleep(0.01)
        with pytest.raises(RequestError) as refused:
            await batcher.submit(request)
        assert refused.value.status == 429
        release.set()
        assert len(await running) == 1
        assert len(await waiting) == 1
        await batcher.stop()

    asyncio.run(scenario())


def test_coalesces_only_sequences_of_one_length_within_the_token_budget():
    async def scenario():
        seen = []

        def rows(ids, batch_index, position_index):
            seen.append(tuple(ids.shape))
            return torch.zeros(len(batch_index), 4)

        backend = Backend(
            model_id="m", mask_token_id=1, end_token_id=2, vocab_size=4, context_length=8, tokenizer_json="{}",
            replicas=[ModelReplica(device=torch.device("cpu"), rows=rows)],
        )
        batcher = Batcher(backend, Limits(max_batch_tokens=6, max_wait_ms=50), Metrics())
        batcher.start()
        short = LogitsRequest(sequences=[[1, 3]], positions=[[0]], top_k=2)
        long = LogitsRequest(sequences=[[1, 3, 3]], positions=[[0]], top_k=None)
        await asyncio.gather(*(batcher.submit(request) for request in [short, long, short, short, short]))
        await batcher.stop()
        return seen

    seen = asyncio.run(scenario())
    assert sorted(seen) == [(1, 3), (1, 2), (3, 2)] or sorted(seen) == sorted([(3, 2), (1, 3), (1, 2)])
