"""Reads the weights (initializers) and nodes of an ONNX file with a minimal protobuf reader: no `onnx` package needed.

Only what `builtin_model.py` uses: tensor name, dims, data type, raw or float data, and each node's op type, inputs and
outputs (onnx/onnx.proto field numbers).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

_DTYPES = {1: np.float32, 6: np.int32, 7: np.int64, 10: np.float16, 11: np.float64}


def _varint(data: bytes, offset: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        byte = data[offset]
        offset += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, offset
        shift += 7


def _fields(data: bytes):
    """Yields (field number, wire type, value) with value an int (varint/fixed) or a memoryview (length-delimited)."""
    offset = 0
    view = memoryview(data)
    while offset < len(data):
        key, offset = _varint(data, offset)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, offset = _varint(data, offset)
        elif wire == 1:
            value = struct.unpack_from("<q", data, offset)[0]
            offset += 8
        elif wire == 2:
            length, offset = _varint(data, offset)
            value = view[offset : offset + length]
            offset += length
        elif wire == 5:
            value = struct.unpack_from("<i", data, offset)[0]
            offset += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, value


@dataclass
class OnnxNode:
    op_type: str
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


def _packed_or_single(wire: int, value, fmt: str) -> list:
    if wire == 2:
        raw = bytes(value)
        if fmt == "varint":
            out, offset = [], 0
            while offset < len(raw):
                item, offset = _varint(raw, offset)
                out.append(item)
            return out
        return list(struct.unpack(f"<{len(raw) // struct.calcsize(fmt)}{fmt}", raw))
    return [value]


def _tensor(data: bytes) -> tuple[str, np.ndarray]:
    dims: list[int] = []
    dtype = 1
    name = ""
    raw = None
    floats: list[float] = []
    ints: list[int] = []
    for number, wire, value in _fields(data):
        if number == 1:
            dims.extend(_packed_or_single(wire, value, "varint"))
        elif number == 2:
            dtype = value
        elif number == 4:
            floats.extend(_packed_or_single(wire, value, "f") if wire == 2 else [struct.unpack("<f", struct.pack("<i", value))[0]])
        elif number == 7:
            ints.extend(_packed_or_single(wire, value, "varint"))
        elif number == 8:
            name = bytes(value).decode("utf-8")
        elif number == 9:
            raw = bytes(value)
        elif number == 13:
            raise ValueError(f"tensor {name or '?'} keeps its data outside the file (external data is not supported)")
    numpy_type = _DTYPES.get(dtype)
    if numpy_type is None:
        raise ValueError(f"tensor {name}: unsupported ONNX data type {dtype}")
    if raw is not None:
        array = np.frombuffer(raw, dtype=numpy_type).copy()
    elif floats:
        array = np.asarray(floats, dtype=numpy_type)
    else:
        array = np.asarray(ints, dtype=numpy_type)
    return name, array.reshape(dims)


def _node(data: bytes) -> OnnxNode:
    node = OnnxNode(op_type="")
    for number, _wire, value in _fields(data):
        if number == 1:
            node.inputs.append(bytes(value).decode("utf-8"))
        elif number == 2:
            node.outputs.append(bytes(value).decode("utf-8"))
        elif number == 4:
            node.op_type = bytes(value).decode("utf-8")
    return node


def read_onnx_graph(path: str) -> tuple[dict[str, np.ndarray], list[OnnxNode]]:
    """The initializers (name → array) and nodes (in file order) of the ONNX model at `path`.

    Raises ValueError for a file that is not an ONNX model this reader understands.
    """
    with open(path, "rb") as handle:
        data = handle.read()
    tensors: dict[str, np.ndarray] = {}
    nodes: list[OnnxNode] = []
    for number, wire, value in _fields(data):
        if number != 7 or wire != 2:  # ModelProto.graph
            continue
        for graph_number, graph_wire, graph_value in _fields(bytes(value)):
            if graph_wire != 2:
                continue
            if graph_number == 5:
                name, array = _tensor(bytes(graph_value))
                tensors[name] = array
            elif graph_number == 1:
                nodes.append(_node(bytes(graph_value)))
    if not tensors:
        raise ValueError(f"{path} holds no initializers; is it an ONNX model?")
    return tensors, nodes
