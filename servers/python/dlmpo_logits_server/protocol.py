"""Checks a `POST /v1/logits` body exactly as dlmpo's TypeScript server does (src/diffusion/logits-server-limits.ts)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional


@dataclass(frozen=True)
class Limits:
    """Same names and defaults as `defaultLogitsServerLimits` in the TypeScript server."""

    max_body_bytes: int = 4 * 1024 * 1024
    max_sequences: int = 64
    max_tokens: int = 16_384
    max_queued: int = 32
    max_batch_tokens: int = 16_384
    max_wait_ms: float = 5.0


class RequestError(Exception):
    """A refused request: HTTP status, error code and a message naming the field."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class LogitsRequest:
    sequences: list[list[int]]
    positions: list[list[int]]
    top_k: Optional[int]

    @property
    def tokens(self) -> int:
        return len(self.sequences) * len(self.sequences[0])


def _invalid(field: str, problem: str) -> RequestError:
    return RequestError(400, "invalid-input", f'field "{field}": {problem}')


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_rows(body: dict, name: str) -> list[list[int]]:
    rows = body.get(name)
    if not isinstance(rows, list):
        raise _invalid(name, "expected an array of arrays of integers")
    for row_index, row in enumerate(rows):
        if not isinstance(row, list):
            raise _invalid(f"{name}.{row_index}", "expected an array of integers")
        for index, value in enumerate(row):
            if not _is_int(value):
                raise _invalid(f"{name}.{row_index}.{index}", "expected an integer")
            if value < 0:
                raise _invalid(f"{name}.{row_index}.{index}", "must be at least 0")
    return rows


def parse_logits_request(body: Any, vocab_size: int, context_length: int, limits: Limits) -> LogitsRequest:
    """The checked request, or RequestError: 400 for bad input, 413 for more sequences or tokens than allowed."""
    if not isinstance(body, dict):
        raise _invalid("", "expected an object with sequences and positions")
    sequences = _int_rows(body, "sequences")
    positions = _int_rows(body, "positions")
    if len(positions) != len(sequences):
        raise _invalid("positions", "needs one list of positions per sequence")
    top_k = body.get("topK")
    if top_k is not None and (not _is_int(top_k) or top_k <= 0):
        raise _invalid("topK", "expected a positive integer")
    count = len(sequences)
    if count == 0:
        raise _invalid("sequences", "needs at least one sequence.")
    if count > limits.max_sequences:
        raise RequestError(
            413,
            "too-large",
            f'field "sequences": {count} sequences exceed this server\'s limit of {limits.max_sequences} per request; '
            "send fewer at a time.",
        )
    length = len(sequences[0])
    if length == 0:
        raise _invalid("sequences.0", "a sequence needs at least one token.")
    if count * length > limits.max_tokens:
        raise RequestError(
            413,
            "too-large",
            f"{count} sequences × {length} tokens = {count * length} tokens exceed this server's limit of "
            f"{limits.max_tokens} per request; send fewer sequences at a time.",
        )
    if top_k is not None and top_k > vocab_size:
        raise _invalid("topK", f"{top_k} is larger than the vocabulary ({vocab_size}).")
    for row, sequence in enumerate(sequences):
        if len(sequence) != length:
            raise _invalid(f"sequences.{row}", "all sequences must have the same length.")
        for index, token in enumerate(sequence):
            if token >= vocab_size:
                raise _invalid(f"sequences.{row}.{index}", "token id outside the vocabulary.")
        for index, position in enumerate(positions[row]):
            if position >= length:
                raise _invalid(f"positions.{row}.{index}", "position outside the sequence.")
    if length > context_length:
        raise RequestError(
            400,
            "context-length",
            f"Sequences of {length} tokens exceed the context length {context_length} by {length - context_length}.",
        )
    return LogitsRequest(sequences=sequences, positions=positions, top_k=top_k)
