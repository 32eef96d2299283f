"""A stand-in for the few `transformers` entry points hf_model.py calls, for tests on machines without it.

`fake/llada` behaves like LLaDA (AutoModel through auto_map, `<|mdm_mask|>` in the vocabulary, eos in
generation_config.json, a Llama-3-style chat template); `fake/dream` like Dream (mask id in config.json, logits shifted
by one). The model's logit for token t at output i is 1 if t equals input token i, else 0.
"""

import json
from types import SimpleNamespace

import torch

VOCAB = {"[PAD]": 0, "<|mdm_mask|>": 1, "<|eot_id|>": 2, "hello": 3, "world": 4}


class AutoConfig:
    @staticmethod
    def from_pretrained(name, trust_remote_code=False):
        dream = name.endswith("dream")
        return SimpleNamespace(
            model_type="Dream" if dream else "llada",
            mask_token_id=1 if dream else None,
            eos_token_id=2,
            vocab_size=8,
            max_position_embeddings=None if not dream else 64,
            max_sequence_length=None if dream else 32,
            auto_map={"AutoModel": "modeling.Model"},
        )


class GenerationConfig:
    @staticmethod
    def from_pretrained(name):
        return SimpleNamespace(eos_token_id=[2, 0])


class _Tokenizer:
    is_fast = True
    mask_token_id = None
    eos_token_id = 0
    clean_up_tokenization_spaces = False
    chat_template = "llama-3-like"
    backend_tokenizer = SimpleNamespace(to_str=lambda: json.dumps({"model": {"type": "WordLevel", "vocab": VOCAB}}))

    def get_vocab(self):
        return dict(VOCAB)

    def __len__(self):
        return len(VOCAB)

    def apply_chat_template(self, messages, tokenize=False, add_generation_prompt=False):
        text = "<|startoftext|>"
        for message in messages:
            text += f"<|start_header_id|>{message['role']}<|end_header_id|>\n\n{message['content']}<|eot_id|>"
        if add_generation_prompt:
            text += "<|start_header_id|>assistant<|end_header_id|>\n\n"
        return text


class AutoTokenizer:
    @staticmethod
    def from_pretrained(name, trust_remote_code=False):
        return _Tokenizer()


class _Model(torch.nn.Module):
    def forward(self, input_ids):
        return SimpleNamespace(logits=torch.nn.functional.one_hot(input_ids, 8).float())


class AutoModel:
    __name__ = "AutoModel"

    @staticmethod
    def from_pretrained(name, torch_dtype=None, trust_remote_code=False):
        if not trust_remote_code:
            raise ValueError("this model needs trust_remote_code=True")
        return _Model().to(torch_dtype)


class AutoModelForMaskedLM(AutoModel):
    pass
