"""Hugging Face back end: LLaDA, LLaDA-1.5, LLaDA-MoE, Dream (their own code, `--trust-remote-code`) and any
`AutoModelForMaskedLM` (ModernBERT, RoBERTa, …). `transformers` is imported here only, when an `hf:` model is asked for.

Ids and the chat template come from the model's own files: the mask token from `config.mask_token_id`, the tokenizer's
mask token or its `<|mdm_mask|>` entry; the end token from `generation_config.json`'s `eos_token_id`, else the tokenizer's;
the chat template by rendering the tokenizer's `chat_template` around marker strings.
"""

from __future__ import annotations

import os
from typing import Any, Optional

import torch

from .backend import Backend, ModelReplica

MISSING_TRANSFORMERS = (
    "hf: models need the transformers package, which is not installed: "
    "pip install 'transformers>=4.44,<5' accelerate (see servers/python/README.md)"
)

_MASK_TOKENS = ("<|mdm_mask|>", "<|mask|>", "[MASK]", "<mask>")


def _import_transformers():
    try:
        import transformers
    except ImportError as error:
        raise ImportError(MISSING_TRANSFORMERS) from error
    return transformers


def _first(value: Any) -> Optional[int]:
    if isinstance(value, (list, tuple)):
        return int(value[0]) if value else None
    return None if value is None else int(value)


def find_mask_token_id(config: Any, tokenizer: Any) -> Optional[int]:
    """The mask id the model was trained with, from its config or tokenizer, or None."""
    for candidate in (getattr(config, "mask_token_id", None), getattr(tokenizer, "mask_token_id", None)):
        if candidate is not None:
            return int(candidate)
    vocabulary = tokenizer.get_vocab()
    for token in _MASK_TOKENS:
        if token in vocabulary:
            return int(vocabulary[token])
    return None


def find_end_token_id(generation_config: Any, config: Any, tokenizer: Any) -> Optional[int]:
    """The token a model ends (and pads) its answers with: generation config, model config, then tokenizer."""
    for source in (generation_config, config, tokenizer):
        value = _first(getattr(source, "eos_token_id", None)) if source is not None else None
        if value is not None:
            return value
    return None


def chat_template_of(tokenizer: Any) -> Optional[dict[str, str]]:
    """userPrefix/userSuffix/assistantPrefix/assistantSuffix, read by rendering the tokenizer's chat template."""
    if not getattr(tokenizer, "chat_template", None):
        return None
    user, assistant = "\ue000USER\ue000", "\ue001ASSISTANT\ue001"
    render = tokenizer.apply_chat_template
    only_user = render([{"role": "user", "content": user}], tokenize=False, add_generation_prompt=False)
    prompted = render([{"role": "user", "content": user}], tokenize=False, add_generation_prompt=True)
    both = render(
        [{"role": "user", "content": user}, {"role": "assistant", "content": assistant}],
        tokenize=False,
        add_generation_prompt=False,
    )
    user_prefix, user_suffix = only_user.split(user, 1)
    generation = prompted.split(user, 1)[1]
    assistant_prefix = generation[len(user_suffix) :] if generation.startswith(user_suffix) else generation
    after_user = both.split(user, 1)[1]
    assistant_suffix = after_user.split(assistant, 1)[1] if assistant in after_user else ""
    return {
        "userPrefix": user_prefix,
        "userSuffix": user_suffix if generation.startswith(user_suffix) else "",
        "assistantPrefix": assistant_prefix,
        "assistantSuffix": assistant_suffix,
    }


def _context_length(config: Any, tokenizer: Any) -> int:
    for name in ("max_sequence_length", "max_position_embeddings", "n_positions"):
        value = getattr(config, name, None)
        if isinstance(value, int) and value > 0:
            return value
    length = getattr(tokenizer, "model_max_length", None)
    return int(length) if isinstance(length, int) and 0 < length < 1_000_000 else 4096


def _shifts_logits(config: Any) -> bool:
    """Dream predicts token i at output i − 1 (it keeps its autoregressive parent's shift)."""
    return "dream" in str(getattr(config, "model_type", "")).lower()


def _row_logits(model: Any, shift: bool):
    def rows(input_ids: torch.Tensor, batch_index: torch.Tensor, position_index: torch.Tensor) -> torch.Tensor:
        output = model(input_ids=input_ids)
        logits = output.logits if hasattr(output, "logits") else output[0]
        positions = (position_index - 1).clamp(min=0) if shift else position_index
        return logits[batch_index, positions].float()

    return rows


def load_hf_model(
    model_name: str,
    devices: list[torch.device],
    dtype: Optional[torch.dtype] = None,
    trust_remote_code: bool = False,
    mask_token_id: Optional[int] = None,
    end_token_id: Optional[int] = None,
    context_length: Optional[int] = None,
) -> Backend:
    """Loads `model_name` (a Hub id or a local folder) once per device.

    Raises ImportError with install instructions when transformers is missing; ValueError when the model has no fast
    tokenizer (tokenizer.json) or no mask/end token can be found (pass --mask-token-id / --end-token-id).
    """
    transformers = _import_transformers()
    config = transformers.AutoConfig.from_pretrained(model_name, trust_remote_code=trust_remote_code)
    tokenizer = transformers.AutoTokenizer.from_pretrained(model_name, trust_remote_code=trust_remote_code)
    if not getattr(tokenizer, "is_fast", False):
        raise ValueError(f"{model_name} has no fast tokenizer (tokenizer.json), which dlmpo's client needs")
    try:
        generation_config = transformers.GenerationConfig.from_pretrained(model_name)
    except (OSError, ValueError):
        generation_config = None
    mask = mask_token_id if mask_token_id is not None else find_mask_token_id(config, tokenizer)
    end = end_token_id if end_token_id is not None else find_end_token_id(generation_config, config, tokenizer)
    if mask is None:
        raise ValueError(f"{model_name}: no mask token found in its config or tokenizer; pass --mask-token-id")
    if end is None:
        raise ValueError(f"{model_name}: no end token found in its generation config or tokenizer; pass --end-token-id")
    auto_map = getattr(config, "auto_map", None) or {}
    loader = transformers.AutoModel if "AutoModel" in auto_map else transformers.AutoModelForMaskedLM
    if dtype is None:
        dtype = torch.bfloat16 if devices[0].type == "cuda" else torch.float32
    replicas = []
    for device in devices:
        model = loader.from_pretrained(model_name, torch_dtype=dtype, trust_remote_code=trust_remote_code)
        model = model.to(device).eval()
        replicas.append(ModelReplica(device=device, rows=_row_logits(model, _shifts_logits(config))))
    vocab_size = int(getattr(config, "vocab_size", 0) or len(tokenizer))
    tokenizer_config = {"clean_up_tokenization_spaces": bool(getattr(tokenizer, "clean_up_tokenization_spaces", False))}
    return Backend(
        model_id=os.path.basename(model_name.rstrip("/")) if os.path.isdir(model_name) else model_name,
        mask_token_id=mask,
        end_token_id=end,
        vocab_size=vocab_size,
        context_length=context_length or _context_length(config, tokenizer),
        tokenizer_json=tokenizer.backend_tokenizer.to_str(),
        tokenizer_config=tokenizer_config,
        chat_template=chat_template_of(tokenizer),
        replicas=replicas,
        extra={"dtype": str(dtype).replace("torch.", ""), "loader": loader.__name__},
    )


__all__ = ["load_hf_model", "chat_template_of", "find_mask_token_id", "find_end_token_id", "MISSING_TRANSFORMERS"]
