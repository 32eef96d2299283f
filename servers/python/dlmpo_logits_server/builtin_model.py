"""dlmpo's built-in DLM in PyTorch: the architecture of training/model.py, weights read from the shipped model.onnx.

The ONNX export keeps the PyTorch parameter names for embeddings, norms and biases; each Linear weight was stored
transposed under a generated name (`onnx::MatMul_*`) and is found through the MatMul node whose output names its layer
(`/blocks.0/qkv/MatMul_output_0`).
"""

from __future__ import annotations

import json
import math
import os
from typing import Optional

import numpy as np
import torch
from torch import nn

from .backend import Backend, ModelReplica
from .onnx_weights import read_onnx_graph


class _Block(nn.Module):
    def __init__(self, width: int, heads: int, hidden: int):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width)
        self.up = nn.Linear(width, hidden)
        self.down = nn.Linear(hidden, width)

    def forward(self, x: torch.Tensor, distance_bias: torch.Tensor) -> torch.Tensor:
        batch, length, width = x.shape
        head_width = width // self.heads
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q = q.view(batch, length, self.heads, head_width).transpose(1, 2)
        k = k.view(batch, length, self.heads, head_width).transpose(1, 2)
        v = v.view(batch, length, self.heads, head_width).transpose(1, 2)
        weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(head_width) + distance_bias, dim=-1)
        x = x + self.proj((weights @ v).transpose(1, 2).reshape(batch, length, width))
        return x + self.down(nn.functional.gelu(self.up(self.norm2(x))))


class BuiltinDlm(nn.Module):
    """Bidirectional pre-LayerNorm transformer with learned positions and a per-head distance penalty (no dropout)."""

    def __init__(self, vocab_size: int, width: int, layers: int, heads: int, hidden: int, context_length: int):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, width)
        self.positions = nn.Embedding(context_length, width)
        self.blocks = nn.ModuleList([_Block(width, heads, hidden) for _ in range(layers)])
        self.norm = nn.LayerNorm(width)
        self.output = nn.Linear(width, vocab_size)
        slopes = torch.tensor([2.0 ** (-8.0 * (h + 1) / heads) for h in range(heads)])
        self.register_buffer("slopes", slopes.view(1, heads, 1, 1), persistent=False)

    def hidden(self, input_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.tokens(input_ids) + self.positions(positions)
        distance = (positions.unsqueeze(-1) - positions.unsqueeze(-2)).abs().to(x.dtype).unsqueeze(1)
        distance_bias = -self.slopes.to(x.dtype) * distance
        for block in self.blocks:
            x = block(x, distance_bias)
        return self.norm(x)

    def rows(self, input_ids: torch.Tensor, batch_index: torch.Tensor, position_index: torch.Tensor) -> torch.Tensor:
        """Logits of the asked rows only: the output projection (6,000 wide) runs on those rows, not on every token."""
        return self.output(self.hidden(input_ids)[batch_index, position_index]).float()


def onnx_state_dict(path: str) -> tuple[dict[str, torch.Tensor], int]:
    """The PyTorch state dict of a built-in model's model.onnx (Linear weights found through their MatMul nodes) and its
    number of blocks; `training/onnx_weights.py` uses it too."""
    tensors, nodes = read_onnx_graph(path)
    state = {name: torch.from_numpy(array) for name, array in tensors.items() if not name.startswith("onnx::")}
    for node in nodes:
        if node.op_type != "MatMul" or len(node.inputs) != 2 or not node.inputs[1].startswith("onnx::"):
            continue
        # "/blocks.0/qkv/MatMul_output_0" → "blocks.0.qkv"; "/output/MatMul_output_0" → "output".
        layer = ".".join(node.outputs[0].strip("/").split("/")[:-1])
        state[f"{layer}.weight"] = torch.from_numpy(np.ascontiguousarray(tensors[node.inputs[1]].T))
    layers = len({name.split(".")[1] for name in state if name.startswith("blocks.")})
    return state, layers


def load_builtin_model(
    directory: str,
    devices: list[torch.device],
    dtype: torch.dtype = torch.float32,
    threads: Optional[int] = None,
) -> Backend:
    """Loads a dlmpo model directory made by training/export_model.py (config.json, tokenizer.json, model.onnx).

    Raises ValueError naming the file when a file is missing or does not hold this architecture.
    """
    if threads is not None:
        torch.set_num_threads(threads)

    def read(name: str) -> str:
        file = os.path.join(directory, name)
        if not os.path.exists(file):
            raise ValueError(f"{file} does not exist; is {directory} a dlmpo model directory?")
        with open(file, encoding="utf-8") as handle:
            return handle.read()

    config = json.loads(read("config.json"))
    tokenizer_json = read("tokenizer.json")
    tokenizer_config = None
    if os.path.exists(os.path.join(directory, "tokenizer_config.json")):
        tokenizer_config = json.loads(read("tokenizer_config.json"))
    onnx_file = os.path.join(directory, "model.onnx")
    if not os.path.exists(onnx_file):
        raise ValueError(f"{onnx_file} does not exist; is {directory} a dlmpo model directory?")
    state, layers = onnx_state_dict(onnx_file)
    try:
        vocab_size, width = state["tokens.weight"].shape
        context_length = state["positions.weight"].shape[0]
        hidden = state["blocks.0.up.bias"].shape[0]
    except KeyError as error:
        raise ValueError(f"{onnx_file} is not the built-in DLM architecture (no {error})") from error
    heads = int(config.get("heads", 4))  # training/model.py's 4 heads; the ONNX file keeps no trace of the count
    replicas = []
    for device in devices:
        model = BuiltinDlm(vocab_size, width, layers, heads, hidden, context_length)
        missing, unexpected = model.load_state_dict(state, strict=False)
        if missing or unexpected:
            raise ValueError(f"{onnx_file}: weights do not fit the architecture (missing {missing}, unexpected {unexpected})")
        model = model.to(device=device, dtype=dtype).eval()
        replicas.append(ModelReplica(device=device, rows=model.rows))
    return Backend(
        model_id=config["modelId"],
        mask_token_id=config["maskTokenId"],
        end_token_id=config["endTokenId"],
        pad_token_id=config.get("padTokenId"),
        vocab_size=config["vocabSize"],
        context_length=min(config["contextLength"], context_length),
        tokenizer_json=tokenizer_json,
        tokenizer_config=tokenizer_config,
        chat_template=config.get("chatTemplate"),
        recommended=config.get("recommended"),
        replicas=replicas,
    )


def builtin_model_directory() -> str:
    """`models/builtin-dlm` of the dlmpo checkout this package sits in (servers/python/../../models/builtin-dlm)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(os.path.join(here, "..", "..", "..", "models", "builtin-dlm"))
