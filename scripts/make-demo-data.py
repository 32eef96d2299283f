# Writes the dlmpo demo set (original sentences, composed from fragments written for the project). The application it
# stands for tags reviews `like` / `dislike`: label words that no instruction the built-in models were trained on uses.
# Run from data/demo/: python3 ../../scripts/make-demo-data.py
import json, random
random.seed(20261130)
subjects = ["the film", "this movie", "the sequel", "the documentary", "the thriller", "the comedy", "this drama",
            "the animated feature", "the remake", "the director's new picture", "the lead performance", "the script",
            "the soundtrack", "the final act", "the cast", "the story"]
pos = ["is a warm and witty delight", "never stops being charming", "is smart, funny and moving",
       "rewards patient viewers with real beauty", "is the most joyful thing i have seen this year",
       "earns every one of its tears", "feels fresh and confident", "is beautifully acted and tightly paced",
       "left me grinning all the way home", "is a small triumph", "sparkles with invention",
       "is gripping from the first scene", "lands every joke", "is tender without being sentimental",
       "deserves a much bigger audience"]
neg = ["is a tedious slog", "never finds a reason to exist", "is loud, dull and far too long",
       "wastes a talented cast", "is the most boring thing i have seen this year", "falls apart in the second hour",
       "feels stale and lazy", "is badly acted and clumsily edited", "left me checking my watch",
       "is a sad mess", "runs out of ideas almost at once", "is painful to sit through", "misses every joke",
       "is sentimental and hollow", "should have gone straight to video"]
openers = ["", "honestly , ", "in the end , ", "frankly , ", "for what it is worth , ", "sadly or not , "]
rows = []
for label, preds in (("like", pos), ("dislike", neg)):
    for i, pred in enumerate(preds):
        for j in range(6):
            subj = subjects[(i * 7 + j * 3) % len(subjects)]
            opener = openers[(i + j) % len(openers)]
            rows.append({"text": f"{opener}{subj} {pred} .", "label": label})
random.shuffle(rows)
seen = set(); unique = []
for r in rows:
    if r["text"] not in seen:
        seen.add(r["text"]); unique.append(r)
splits = {"train": unique[:80], "dev": unique[80:120], "test": unique[120:180]}
for name, items in splits.items():
    with open(f"{name}.jsonl", "w") as f:
        for k, r in enumerate(items):
            f.write(json.dumps({"id": f"demo-{name}-{k}", "text": r["text"], "label": r["label"]}) + "\n")
    print(name, len(items), sum(r["label"] == "like" for r in items))
