"""Writes the model directory the ONNX backend loads: model.onnx, tokenizer.json, config.json."""

import hashlib
import json
import os

import torch


def export(model, tokenizer, args, out_dir):
    """`args.model_id_prefix` (default `dlmpo-builtin`) names the model; the proposer model uses `dlmpo-builtin-dlm`."""
    os.makedirs(out_dir, exist_ok=True)
    model.eval()
    sample = torch.tensor([tokenizer.encode("You are a helpful assistant.") + [tokenizer.mask_id] * 4], dtype=torch.long)
    torch.onnx.export(
        model,
        (sample,),
        os.path.join(out_dir, "model.onnx"),
        input_names=["input_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"}, "logits": {0: "batch", 1: "sequence"}},
        opset_version=14,
        do_constant_folding=True,
    )
    tokenizer.save(os.path.join(out_dir, "tokenizer.json"))
    # The decoder already restores the exact spacing; the library's default clean-up would glue " ." to the word before.
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as handle:
        json.dump({"clean_up_tokenization_spaces": False, "model_max_length": args.context_length}, handle, indent=2)
        handle.write("\n")
    config = {
        "modelId": model_id(args.width, args.layers, os.path.join(out_dir, "model.onnx"), getattr(args, "model_id_prefix", "dlmpo-builtin")),
        "maskTokenId": tokenizer.mask_id,
        "endTokenId": tokenizer.end_id,
        "padTokenId": tokenizer.end_id,
        "contextLength": args.context_length,
        "vocabSize": len(tokenizer.vocab),
        "inputNames": {"inputIds": "input_ids", "attentionMask": None},
        "outputName": "logits",
        "chatTemplate": None,
    }
    if getattr(args, "end_token_bias", None) is not None:
        config["recommended"] = {"endTokenBias": args.end_token_bias}
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=2)
        handle.write("\n")


def model_id(width, layers, onnx_path, prefix="dlmpo-builtin"):
    """`<prefix>-<width>x<layers>-<first 8 hex of sha256(model.onnx)>`: a new model never reuses cached answers."""
    with open(onnx_path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()[:8]
    return f"{prefix}-{width}x{layers}-{digest}"
