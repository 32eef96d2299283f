#!/bin/sh
# Rebuilds models/builtin as shipped (see docs/builtin-model.md): the tokenizer from train.py's vocabulary build, then
# two rounds of answer-slot training (finetune_answer.py) from fresh weights. About 6 minutes on a busy 2-core machine.
# Run from the repository root. Intermediate files go to training/work/build (ignored by git).
set -eu
DATA="${1:-../shared/data}"
W=training/work/build
mkdir -p "$W"
PY="nice -n 5 /usr/bin/python3"
# Tokenizer only (--steps 0 writes tokenizer.json and trains nothing).
$PY training/train.py --data-dir "$DATA" --steps 0 --out "$W/tokenizer" --checkpoint "$W/unused.pt"
# Answer-slot training, round 1 (writes $W/finetune.pt beside its output directory).
$PY training/finetune_answer.py --data-dir "$DATA" --init-checkpoint none --steps 800 \
  --tokenizer "$W/tokenizer/tokenizer.json" --out "$W/round1"
# Round 2, from round 1's weights.
$PY training/finetune_answer.py --data-dir "$DATA" --init-checkpoint "$W/finetune.pt" --steps 500 \
  --learning-rate 1.5e-3 --seed 4322 --tokenizer "$W/tokenizer/tokenizer.json" --out "$W/round2"
cp "$W/round2/model.onnx" "$W/round2/tokenizer.json" "$W/round2/tokenizer_config.json" "$W/round2/config.json" models/builtin/
