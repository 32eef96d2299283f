"""Loads the weights of a shipped model.onnx into the PyTorch model of model.py, so a shipped built-in model can be
trained further without the checkpoint it was exported from (checkpoints are not shipped). The ONNX reading is the
Python logits server's (servers/python), so there is one reader for both."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "servers", "python"))

from dlmpo_logits_server.builtin_model import onnx_state_dict  # noqa: E402


def load_onnx_into(model, path):
    """Copies `path` (exported by export_model.py) into `model`, a MaskedDiffusionModel of the same shape."""
    state, _ = onnx_state_dict(path)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        raise ValueError(f"{path}: weights do not fit the model (missing {missing}, unexpected {unexpected})")
    return model
