"""A logits server speaking dlmpo's remote logits protocol v1 (docs/remote-logits.md) for PyTorch models."""

__version__ = "0.1.0"
