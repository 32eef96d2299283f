"""The /v1 protocol of docs/remote-logits.md, over real HTTP."""

import json
import math
import os

from dlmpo_logits_server.builtin_model import builtin_model_directory


def test_describes_the_model_with_its_recommended_settings(server, auth):
    status, _, info = server.request("GET", "/v1/model", headers=auth)
    assert status == 200
    with open(os.path.join(builtin_model_directory(), "config.json"), encoding="utf-8") as handle:
        config = json.load(handle)
    assert info["modelId"] == config["modelId"]
    assert (info["maskTokenId"], info["endTokenId"], info["vocabSize"]) == (2, 0, 6000)
    assert info["contextLength"] == 256
    assert info["tokenizer"] == "/v1/tokenizer"
    assert info["recommended"] == config["recommended"] == {"endTokenBias": -1}


def test_serves_the_tokenizer_unchanged(server, auth):
    status, _, tokenizer = server.request("GET", "/v1/tokenizer", headers=auth)
    with open(os.path.join(builtin_model_directory(), "tokenizer.json"), encoding="utf-8") as handle:
        assert tokenizer == json.load(handle)
    assert status == 200


def test_answers_full_logits_and_normalised_top_k(server, auth):
    body = {"sequences": [[5, 6, 2, 2, 9], [7, 2, 8, 2, 9]], "positions": [[2, 3], [1]]}
    status, _, full = server.request("POST", "/v1/logits", body, auth)
    assert status == 200
    assert [len(row) for row in full["distributions"]] == [2, 1]
    logits = full["distributions"][0][0]["logits"]
    assert len(logits) == 6000
    status, _, top = server.request("POST", "/v1/logits", {**body, "topK": 4}, auth)
    entry = top["distributions"][0][0]
    best = max(range(6000), key=lambda token: (logits[token], -token))
    assert entry["tokenIds"][0] == best
    normaliser = max(logits) + math.log(sum(math.exp(value - max(logits)) for value in logits))
    assert abs(entry["logProbs"][0] - (logits[best] - normaliser)) < 1e-4
    assert entry["logProbs"] == sorted(entry["logProbs"], reverse=True)


def test_answers_an_empty_list_of_positions(server, auth):
    status, _, answer = server.request("POST", "/v1/logits", {"sequences": [[5, 2]], "positions": [[]]}, auth)
    assert status == 200
    assert answer == {"distributions": [[]], "warnings": []}


def test_reports_health_and_metrics(server, auth):
    status, _, health = server.request("GET", "/health", headers=auth)
    assert status == 200
    assert health["status"] == "ok"
    assert health["devices"] == ["cpu"]
    server.request("POST", "/v1/logits", {"sequences": [[5, 2]], "positions": [[1]]}, auth)
    status, headers, metrics = server.request("GET", "/metrics", headers=auth)
    assert status == 200
    assert headers["content-type"].startswith("text/plain")
    assert 'dlmpo_responses_total{status="200"}' in metrics
    assert "dlmpo_forward_seconds_count" in metrics
    assert "dlmpo_batch_sequences_bucket" in metrics
