"""What the server needs from a model: its description for `GET /v1/model` and a forward pass per device."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import torch

# rows(input_ids [batch, length] long, batch_index [n] long, position_index [n] long) -> logits [n, vocab]
RowLogits = Callable[[torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass
class ModelReplica:
    """One copy of the model on one device."""

    device: torch.device
    rows: RowLogits


@dataclass
class Backend:
    """A loaded model: the `GET /v1/model` fields, the tokenizer.json text and one replica per device."""

    model_id: str
    mask_token_id: int
    end_token_id: int
    vocab_size: int
    context_length: int
    tokenizer_json: str
    replicas: list[ModelReplica]
    tokenizer_config: Optional[dict[str, Any]] = None
    chat_template: Optional[dict[str, str]] = None
    recommended: Optional[dict[str, float]] = None
    pad_token_id: Optional[int] = None
    extra: dict[str, Any] = field(default_factory=dict)

    def info(self) -> dict[str, Any]:
        """The `GET /v1/model` body."""
        return {
            "modelId": self.model_id,
            "maskTokenId": self.mask_token_id,
            "endTokenId": self.end_token_id,
            "vocabSize": self.vocab_size,
            "contextLength": self.context_length,
            "tokenizer": "/v1/tokenizer",
            "tokenizerConfig": self.tokenizer_config,
            "chatTemplate": self.chat_template,
            "recommended": self.recommended,
        }


def parse_devices(spec: str) -> list[torch.device]:
    """`auto` (every CUDA device, else the CPU), `cpu`, `cuda`, or a comma-separated list such as `cuda:0,cuda:1`."""
    if spec == "auto":
        if torch.cuda.is_available():
            return [torch.device(f"cuda:{index}") for index in range(torch.cuda.device_count())]
        return [torch.device("cpu")]
    devices = [torch.device(part.strip()) for part in spec.split(",") if part.strip()]
    if not devices:
        raise ValueError(f'--device "{spec}" names no device')
    for device in devices:
        if device.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f'--device "{spec}": this PyTorch sees no CUDA device')
    return devices


def parse_dtype(spec: str) -> torch.dtype:
    """`float32`, `bfloat16` or `float16` (also `fp32`, `bf16`, `fp16`)."""
    names = {
        "float32": torch.float32,
        "fp32": torch.float32,
        "bfloat16": torch.bfloat16,
        "bf16": torch.bfloat16,
        "float16": torch.float16,
        "fp16": torch.float16,
    }
    if spec not in names:
        raise ValueError(f'--dtype "{spec}": use float32, bfloat16 or float16')
    return names[spec]
