"""The ONNX reader and the PyTorch built-in DLM agree with the shipped model."""

import os

import torch

from dlmpo_logits_server.builtin_model import builtin_model_directory, load_builtin_model
from dlmpo_logits_server.onnx_weights import read_onnx_graph


def test_reads_every_weight_of_the_builtin_model():
    tensors, nodes = read_onnx_graph(os.path.join(builtin_model_directory(), "model.onnx"))
    assert tensors["tokens.weight"].shape == (6000, 96)
    assert sum(array.size for array in tensors.values()) > 1_400_000
    assert any(node.op_type == "MatMul" for node in nodes)


def test_predicts_a_batch_as_each_sequence_alone():
    backend = load_builtin_model(builtin_model_directory(), [torch.device("cpu")])
    rows = backend.replicas[0].rows
    ids = torch.tensor([[5, 2, 7, 2], [8, 9, 2, 2]])
    with torch.inference_mode():
        together = rows(ids, torch.tensor([0, 1]), torch.tensor([1, 2]))
        first = rows(ids[:1], torch.tensor([0]), torch.tensor([1]))
    assert torch.allclose(together[0], first[0], atol=1e-5)


def test_runs_in_bfloat16():
    backend = load_builtin_model(builtin_model_directory(), [torch.device("cpu")], dtype=torch.bfloat16)
    with torch.inference_mode():
        logits = backend.replicas[0].rows(torch.tensor([[5, 2, 7]]), torch.tensor([0]), torch.tensor([1]))
    assert logits.dtype == torch.float32 and logits.shape == (1, 6000)
