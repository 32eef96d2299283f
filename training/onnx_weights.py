"""Reads the float initializers of a shipped model.onnx back into the PyTorch model of model.py, so a shipped built-in
model can be trained further without the checkpoint it was exported from (checkpoints are not shipped)."""

import struct

import numpy as np
import torch


def read_varint(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, offset
        shift += 7


def fields(data):
    """Yields (field number, wire type, value) of one protobuf message; length-delimited values as bytes."""
    offset = 0
    while offset < len(data):
        key, offset = read_varint(data, offset)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, offset = read_varint(data, offset)
        elif wire == 1:
            value, offset = data[offset : offset + 8], offset + 8
        elif wire == 2:
            length, offset = read_varint(data, offset)
            value, offset = data[offset : offset + length], offset + length
        elif wire == 5:
            value, offset = data[offset : offset + 4], offset + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        yield number, wire, value


def read_initializers(path):
    """Name -> float32 array of every initializer of the ONNX graph (ModelProto.graph = 7, GraphProto.initializer = 5;
    TensorProto: dims = 1, data_type = 2, float_data = 4, name = 8, raw_data = 9)."""
    with open(path, "rb") as handle:
        model = handle.read()
    tensors = {}
    for number, _, graph in fields(model):
        if number != 7:
            continue
        for graph_number, _, tensor in fields(graph):
            if graph_number != 5:
                continue
            dims, name, raw, floats, data_type = [], None, None, [], 1
            for tensor_number, wire, value in fields(tensor):
                if tensor_number == 1:
                    if wire == 2:
                        position = 0
                        while position < len(value):
                            dim, position = read_varint(value, position)
                            dims.append(dim)
                    else:
                        dims.append(value)
                elif tensor_number == 2:
                    data_type = value
                elif tensor_number == 8:
                    name = value.decode("utf-8")
                elif tensor_number == 9:
                    raw = value
                elif tensor_number == 4:
                    floats.extend(struct.unpack(f"<{len(value) // 4}f", value) if wire == 2 else struct.unpack("<f", value))
            if data_type != 1:
                continue
            array = np.frombuffer(raw, dtype="<f4").copy() if raw is not None else np.array(floats, dtype=np.float32)
            tensors[name] = array.reshape(dims)
    return tensors


def load_onnx_into(model, path):
    """Copies a model.onnx exported by export_model.py into `model` (a MaskedDiffusionModel of the same shape). Named
    initializers map by name; the exporter stores each Linear weight transposed under an anonymous `onnx::MatMul_N`
    name, in the order the layers run (qkv, proj, up, down per block, then output)."""
    tensors = read_initializers(path)
    state = model.state_dict()
    anonymous = sorted((name for name in tensors if name.startswith("onnx::MatMul_")), key=lambda name: int(name.split("_")[-1]))
    linear_weights = [f"blocks.{index}.{part}.weight" for index in range(len(model.blocks)) for part in ("qkv", "proj", "up", "down")]
    linear_weights.append("output.weight")
    if len(anonymous) != len(linear_weights):
        raise ValueError(f"{path}: expected {len(linear_weights)} MatMul weights, found {len(anonymous)}")
    loaded = {name: torch.from_numpy(array) for name, array in tensors.items() if name in state}
    for name, onnx_name in zip(linear_weights, anonymous):
        loaded[name] = torch.from_numpy(tensors[onnx_name]).t().contiguous()
    missing = [name for name in state if name not in loaded]
    if missing:
        raise ValueError(f"{path}: no weights for {', '.join(missing)}")
    for name, tensor in loaded.items():
        if tuple(tensor.shape) != tuple(state[name].shape):
            raise ValueError(f"{path}: {name} has shape {tuple(tensor.shape)}, the model wants {tuple(state[name].shape)}")
    model.load_state_dict(loaded)
    return model
