"""hf_model.py's plumbing (ids and chat template from the model's files, Dream's shift) against a stand-in transformers.

The real models (LLaDA, Dream, …) need their weights and a GPU, which this test machine lacks; see README.md.
"""

import os
import sys

import pytest
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fake_transformers"))

from dlmpo_logits_server.hf_model import load_hf_model  # noqa: E402


def _rows(backend, sequence, positions):
    with torch.inference_mode():
        return backend.replicas[0].rows(
            torch.tensor([sequence]), torch.zeros(len(positions), dtype=torch.long), torch.tensor(positions)
        )


def test_reads_llada_ids_and_chat_template_from_its_files():
    backend = load_hf_model("fake/llada", [torch.device("cpu")], trust_remote_code=True)
    info = backend.info()
    assert (info["maskTokenId"], info["endTokenId"], info["vocabSize"], info["contextLength"]) == (1, 2, 8, 32)
    assert info["chatTemplate"] == {
        "userPrefix": "<|startoftext|><|start_header_id|>user<|end_header_id|>\n\n",
        "userSuffix": "<|eot_id|>",
        "assistantPrefix": "<|start_header_id|>assistant<|end_header_id|>\n\n",
        "assistantSuffix": "<|eot_id|>",
    }
    assert _rows(backend, [3, 1, 4], [0, 2]).argmax(-1).tolist() == [3, 4]


def test_shifts_dream_logits_by_one_position():
    backend = load_hf_model("fake/dream", [torch.device("cpu")], trust_remote_code=True, dtype=torch.float16)
    assert backend.info()["contextLength"] == 64
    # Dream's output i − 1 predicts token i: position 2 reads output 1 (token 1), position 0 reads output 0.
    assert _rows(backend, [3, 1, 4], [0, 2]).argmax(-1).tolist() == [3, 1]
    assert backend.extra["dtype"] == "float16"


def test_explicit_ids_win_and_remote_code_stays_off_unless_asked():
    backend = load_hf_model("fake/llada", [torch.device("cpu")], trust_remote_code=True, mask_token_id=5, end_token_id=6)
    assert (backend.mask_token_id, backend.end_token_id) == (5, 6)
    with pytest.raises(ValueError, match="trust_remote_code"):
        load_hf_model("fake/llada", [torch.device("cpu")])
