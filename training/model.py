"""Bidirectional pre-LayerNorm transformer for masked diffusion (no causal mask, no attention mask)."""

import math

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, width, heads, hidden, dropout):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width)
        self.up = nn.Linear(width, hidden)
        self.down = nn.Linear(hidden, width)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, distance_bias):
        batch, length, width = x.shape
        head_width = width // self.heads
        q, k, v = self.qkv(self.norm1(x)).chunk(3, dim=-1)
        q = q.view(batch, length, self.heads, head_width).transpose(1, 2)
        k = k.view(batch, length, self.heads, head_width).transpose(1, 2)
        v = v.view(batch, length, self.heads, head_width).transpose(1, 2)
        weights = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(head_width) + distance_bias, dim=-1)
        attended = (self.dropout(weights) @ v).transpose(1, 2).reshape(batch, length, width)
        x = x + self.dropout(self.proj(attended))
        return x + self.dropout(self.down(nn.functional.gelu(self.up(self.norm2(x)))))


class MaskedDiffusionModel(nn.Module):
    """Token + learned position embeddings → blocks → final norm → output projection (untied: with tied weights the
    softmax pushed every rare token's embedding the same way and the inputs stopped telling tokens apart)."""

    def __init__(self, vocab_size, width, layers, heads, hidden, context_length, dropout):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, width)
        self.positions = nn.Embedding(context_length, width)
        self.blocks = nn.ModuleList([Block(width, heads, hidden, dropout) for _ in range(layers)])
        self.norm = nn.LayerNorm(width)
        self.output = nn.Linear(width, vocab_size)
        # ALiBi-style symmetric distance penalty per head: makes "the slot right after `Answer:`" easy to find.
        slopes = torch.tensor([2.0 ** (-8.0 * (h + 1) / heads) for h in range(heads)])
        self.register_buffer("slopes", slopes.view(1, heads, 1, 1), persistent=False)
        nn.init.normal_(self.tokens.weight, std=0.02)
        nn.init.normal_(self.positions.weight, std=0.02)
        nn.init.normal_(self.output.weight, std=0.02)
        nn.init.zeros_(self.output.bias)

    def hidden(self, input_ids):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.tokens(input_ids) + self.positions(positions)
        distance = (positions.unsqueeze(-1) - positions.unsqueeze(-2)).abs().to(x.dtype).unsqueeze(1)
        distance_bias = -self.slopes * distance
        for block in self.blocks:
            x = block(x, distance_bias)
        return self.norm(x)

    def logits_from_hidden(self, hidden):
        return self.output(hidden)

    def forward(self, input_ids):
        return self.logits_from_hidden(self.hidden(input_ids))
