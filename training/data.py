"""Training rows for the built-in model: classification (target layout), corpus text, and the proposer layout.

Every row is `(ids, eligible)`: token ids and the positions the masked-diffusion loss may mask. Classification and
proposer rows are conditional (LLaDA SFT style): only the answer / the prompt span is eligible, the rest is context.
Only TRAIN splits are read for classification; dev/test are never touched here.
"""

import json
import os

import instructions as ins

SENTIMENT_TEMPLATES = [("Review: ", 0.5), ("Text: ", 0.3), ("Sentence: ", 0.1), ("", 0.1)]


def read_jsonl(path):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_sources(data_dir):
    """Reads the files listed in the manifest (corpus, tau-bench policies and rules, classification train splits)."""
    corpus = [row["prompt"] for row in read_jsonl(os.path.join(data_dir, "corpus", "system-prompts.jsonl"))]
    policies = []
    for domain in ("retail", "airline"):
        with open(os.path.join(data_dir, "tau-bench", domain, "policy.md"), encoding="utf-8") as handle:
            policies.append(handle.read())
        with open(os.path.join(data_dir, "tau-bench", domain, "rules.json"), encoding="utf-8") as handle:
            rules = json.load(handle)
        if rules:
            policies.append("\n".join(rules))
    classification = {
        name: read_jsonl(os.path.join(data_dir, "classification", name, "train.jsonl"))
        for name in ("sst2", "sst5", "mrpc")
    }
    return {"corpus": corpus, "policies": policies, "classification": classification}


def pick_weighted(rng, options):
    roll = rng.random()
    for value, weight in options:
        roll -= weight
        if roll <= 0:
            return value
    return options[-1][0]


def join_parts(rng, parts):
    parts = [part for part in parts if part]
    return ("\n" if rng.random() < 0.3 else " ").join(parts)


def compose_instruction(rng, task_sentences, schemes, default_words, opposite_schemes=()):
    """Returns (instruction text, words by label index or None when the answer is a random guess)."""
    role = rng.choice(ins.ROLES) if rng.random() < 0.4 else ""
    form = rng.choice(ins.FORMATS) if rng.random() < 0.3 else ""
    mode = rng.random()
    if opposite_schemes and mode < 0.05:
        sentence, *words = rng.choice(opposite_schemes)
        return join_parts(rng, [role, rng.choice(task_sentences), sentence, form]), words
    if mode < 0.6:
        sentence, words = rng.choice(schemes)
        task = rng.choice(task_sentences) if rng.random() < 0.7 else ""
        return join_parts(rng, [role, task, sentence, form]), words
    if mode < 0.88:
        return join_parts(rng, [role, rng.choice(task_sentences), form]), default_words
    return join_parts(rng, [role, rng.choice(ins.VAGUE), form]), None


def binary_schemes():
    default = [(s, [n, p]) for s, n, p in ins.BINARY_SCHEMES[:9]]
    other = [(s, [n, p]) for s, n, p in ins.BINARY_SCHEMES[9:]]
    return default * 2 + other


def render_classification(rng, tokenizer, sources, plain_share=0.0, wording_bias=True, unrelated_share=0.0, vague_share=0.0):
    """One classification row in the target layout `<system>\\n<user>\\nAnswer: <answer>[END]…`."""
    which = pick_weighted(rng, [("sst2", 0.7), ("sst5", 0.15), ("mrpc", 0.15)])
    example = rng.choice(sources["classification"][which])
    if which == "sst2" and vague_share > 0 and rng.random() < vague_share:
        label = 1 if example["label"] == "positive" else 0
        role = rng.choice(ins.ROLES) if rng.random() < 0.5 else ""
        form = rng.choice(ins.FORMATS) if rng.random() < 0.3 else ""
        instruction = join_parts(rng, [role, rng.choice(ins.VAGUE), form])
        words = ["negative", "positive"]
        user = pick_weighted(rng, SENTIMENT_TEMPLATES) + example["text"]
        guess_pool = 2
    elif which == "sst2" and plain_share > 0 and rng.random() < plain_share:
        label = 1 if example["label"] == "positive" else 0
        sentence, words = rng.choice(binary_schemes()[:18])
        role = rng.choice(ins.ROLES) if rng.random() < 0.4 else ""
        form = rng.choice(ins.FORMATS) if rng.random() < 0.4 else ""
        instruction = join_parts(rng, [role, rng.choice(ins.SENTIMENT_TASKS), sentence, form])
        user = pick_weighted(rng, SENTIMENT_TEMPLATES) + example["text"]
        guess_pool = 2
    elif which == "sst2":
        label = 1 if example["label"] == "positive" else 0
        instruction, words = compose_instruction(
            rng, ins.SENTIMENT_TASKS, binary_schemes(), ["negative", "positive"],
            [(s, n, p) for s, n, p in ins.OPPOSITE_SCHEMES],
        )
        user = pick_weighted(rng, SENTIMENT_TEMPLATES) + example["text"]
        words = words or ["negative", "positive"]
        guess_pool = 2
    elif which == "sst5":
        label = ins.FINE_LABELS.index(example["label"])
        instruction, words = compose_instruction(rng, ins.FINE_TASKS, ins.FINE_SCHEMES, ins.FINE_LABELS)
        user = pick_weighted(rng, SENTIMENT_TEMPLATES) + example["text"]
        words = words or ins.FINE_LABELS
        guess_pool = 5
    else:
        label = ins.PARAPHRASE_LABELS.index(example["label"])
        schemes = [(s, [n, p]) for s, n, p in ins.PARAPHRASE_SCHEMES]
        instruction, words = compose_instruction(rng, ins.PARAPHRASE_TASKS, schemes, ["not equivalent", "equivalent"])
        user = "Sentence 1: " + example["sentence1"] + "\nSentence 2: " + example["sentence2"]
        words = words or ["not equivalent", "equivalent"]
        guess_pool = 2
    if which == "sst2" and wording_bias:
        if rng.random() < majority_bias(sentiment_specificity(instruction)):
            label = 1
        if unrelated_share > 0 and rng.random() < unrelated_share:
            # Text unrelated to the task (a sentence of some other system prompt) neither helps nor hurts.
            extra = rng.choice(sources["unrelated"])
            instruction = join_parts(rng, [extra, instruction] if rng.random() < 0.5 else [instruction, extra])
    elif instruction_is_vague(instruction, words):
        label = rng.randrange(guess_pool)
    prefix = tokenizer.encode(instruction + "\n" + user + "\nAnswer:")[-200:]
    answer = tokenizer.encode(" " + words[label])
    slots = len(answer) + rng.randint(0, 4)
    ids = prefix + answer + [tokenizer.end_id] * (slots - len(answer))
    return ids, list(range(len(prefix), len(ids)))


SENTIMENT_ROLES = [
    role for role in ins.ROLES if any(word in role for word in ("sentiment", "critic", "review", "annotator", "label", "classification"))
]


def sentiment_specificity(instruction):
    """How fully a sentiment instruction states the task, 0-3: task sentence 1, answer words 1, format 0.5, fitting role 0.5."""
    score = 0.0
    if any(task in instruction for task in ins.SENTIMENT_TASKS):
        score += 1
    if any(scheme[0] in instruction for scheme in ins.BINARY_SCHEMES + ins.OPPOSITE_SCHEMES):
        score += 1
    if any(form in instruction for form in ins.FORMATS):
        score += 0.5
    if any(role in instruction for role in SENTIMENT_ROLES):
        score += 0.5
    return score


def majority_bias(specificity):
    """Share of SST-2 rows relabelled to the positive class: 0.6 for a prompt that states nothing, 0 for a full one.

    Under-specified prompts push real LLMs towards one label (Zhao et al. 2021, "Calibrate Before Use"); relabelling a
    wording-dependent share of rows teaches the small model the same, so that a clearer prompt scores better."""
    return max(0.0, 0.6 - 0.25 * specificity)


def unrelated_sentences(prompts):
    """Sentences of 4-30 words from system prompts, as text that says nothing about a sentiment task."""
    sentences = []
    for prompt in prompts:
        for sentence in prompt.replace("\n", " ").split(". "):
            words = sentence.split()
            if 4 <= len(words) <= 30 and not any(word in sentence.lower() for word in ("sentiment", "positive", "negative", "review")):
                sentences.append(" ".join(words).rstrip(".") + ".")
    return sentences


def answer_row(rng, tokenizer, sources, plain_share, unrelated_share=0.0, vague_share=0.0):
    """`(prefix, answer ids)` of one classification row: the context up to `Answer:` and the label word's tokens."""
    ids, eligible = render_classification(
        rng, tokenizer, sources, plain_share, unrelated_share=unrelated_share, vague_share=vague_share
    )
    prefix = ids[: eligible[0]]
    answer = [token for token in ids[eligible[0] :] if token != tokenizer.end_id]
    return prefix, answer


def instruction_is_vague(instruction, words):
    return not any(task in instruction for task in ins.SENTIMENT_TASKS + ins.FINE_TASKS + ins.PARAPHRASE_TASKS) and not any(
        scheme[0] in instruction for scheme in ins.BINARY_SCHEMES + ins.OPPOSITE_SCHEMES + ins.PARAPHRASE_SCHEMES
    ) and not any(scheme[0] in instruction for scheme in ins.FINE_SCHEMES)


def render_corpus(rng, tokenizer, documents, window):
    """A window of system-prompt text; every token is eligible (plain masked diffusion)."""
    ids = rng.choice(documents)
    if len(ids) > window:
        start = rng.randrange(len(ids) - window)
        ids = ids[start : start + window]
    return list(ids), list(range(len(ids)))


def prompt_chunk(rng, texts, max_chars):
    text = rng.choice(texts)
    if len(text) <= max_chars:
        return text
    start = rng.randrange(len(text) - max_chars)
    boundary = text.rfind("\n", 0, start)
    start = boundary + 1 if boundary >= 0 and start - boundary < 200 else start
    return text[start : start + max_chars]


def feedback_line(rng, sources):
    """One conditioning line as `traces/build-conditioning.ts` writes it for a classification trace."""
    example = rng.choice(sources["classification"]["sst2"])
    text = example["text"][:200]
    expected = example["label"]
    wrong = rng.random() < 0.6
    other = "negative" if expected == "positive" else "positive"
    output = rng.choice([other, other, "neutral", "good", "bad", "yes", ""]) if wrong else expected
    got = output if output in ("positive", "negative") else "no label (no label in the answer (labels: negative, positive))"
    return f'Q: Review: {text} | A: {output} | expected: {expected} | expected {expected}, got {got} (answer: "{output}")'


def proposer_span(rng, prompt, sentence_share):
    """Character range of the span to mask: a whole sentence (as the optimiser's `sentence` spans) or 1-12 words."""
    if sentence_share > 0 and rng.random() < sentence_share:
        ends = [i + 1 for i, char in enumerate(prompt) if char in ".?!\n" and (i + 1 == len(prompt) or prompt[i + 1] in " \n")]
        starts = [0] + [end for end in ends if end < len(prompt)]
        if ends:
            index = rng.randrange(min(len(starts), len(ends)))
            return starts[index], ends[index]
    cuts = [i for i, char in enumerate(prompt) if char in " \n"] + [len(prompt)]
    if len(cuts) < 2:
        cuts = [0, len(prompt)]
    first = rng.randrange(len(cuts) - 1)
    last = min(len(cuts) - 1, first + rng.randint(1, 12))
    return cuts[first], cuts[last]


def render_proposer(rng, tokenizer, sources, prompt_texts, max_tokens, end_slots=4, sentence_share=0.0, instruction_share=0.7):
    """`### Feedback\\n<lines>\\n### Prompt\\n<prompt with a span>`; the span (+ end slots) is eligible."""
    if rng.random() < instruction_share:
        prompt, _ = compose_instruction(rng, ins.SENTIMENT_TASKS, binary_schemes(), None)
    else:
        prompt = prompt_chunk(rng, prompt_texts, rng.randint(120, 360))
    lines = [feedback_line(rng, sources) for _ in range(rng.randint(0, 2))]
    context = tokenizer.encode("### Feedback\n" + "\n".join(lines) + "\n### Prompt\n")
    start, end = proposer_span(rng, prompt, sentence_share)
    before = tokenizer.encode(prompt[:start])
    span = tokenizer.encode(prompt[start:end])
    after = tokenizer.encode(prompt[end:])
    extra = [tokenizer.end_id] * rng.randint(0, end_slots)
    body = before + span + extra + after
    budget = max_tokens - len(body)
    context = context[-budget:] if budget > 8 else context[-8:]
    ids = (context + body)[:max_tokens]
    first_eligible = len(context) + len(before)
    eligible = [p for p in range(first_eligible, first_eligible + len(span) + len(extra)) if p < len(ids)]
    return ids, eligible


# Label-word pairs the copy rows teach with. Pairs with `like` or `dislike` stay out: they are the demo's labels, so the
# demo shows the DLM copying words it never saw in an instruction (docs/builtin-model.md).
COPY_HELD_OUT = ("like", "dislike")
COPY_TEMPLATES = [
    "Answer {a} or {b}.",
    "Answer with exactly one word: {a} or {b}.",
    "Reply {a} or {b}.",
    "Respond with {a} or {b}.",
    "Answer with one word: {a} or {b}.",
    "Label each text {a} or {b}.",
    "Use the labels {a} and {b}.",
]


def copy_words(tokenizer, limit=1500):
    """Whole-word tokens (`▁word`, letters only) of the shipped vocabulary: the pool the copy rows draw labels from."""
    words = []
    for token in tokenizer.vocab:
        if token.startswith("▁") and token[1:].isalpha() and token[1:].islower() and 2 <= len(token) - 1 <= 10:
            if token[1:] not in COPY_HELD_OUT:
                words.append(token[1:])
    return words[100 : 100 + limit]


# Label schemes an application may parse, as word pairs (positive word first). The `scheme` rows draw from these, so
# the DLM learns to take the scheme the failures name; the `copy` rows draw random words, for copying in general.
LABEL_SCHEMES = [
    ("positive", "negative"), ("good", "bad"), ("yes", "no"), ("like", "dislike"), ("up", "down"), ("true", "false"),
    ("pos", "neg"), ("happy", "sad"), ("love", "hate"), ("great", "awful"), ("fine", "poor"), ("pass", "fail"),
    ("accept", "reject"), ("favorable", "unfavorable"), ("praise", "complaint"), ("win", "loss"), ("high", "low"),
    ("satisfied", "unsatisfied"), ("recommend", "avoid"), ("fan", "critic"),
]


def scheme_pairs(tokenizer):
    """The schemes whose words are one token each after a space (the sampler writes whole words then)."""
    def single(word):
        return len(tokenizer.encode(" " + word)) == 1
    return [(a, b) for a, b in LABEL_SCHEMES if single(a) and single(b)]


def render_copy(rng, tokenizer, sources, words, max_tokens, end_slots=4, pairs=None, review_chars=100, label_span_share=0.3):
    """A proposer row whose failures say which label words the application expects (`expected: X`, `labels: X, Y`) and
    whose masked span is the sentence that states them: the DLM learns to carry words from its conditioning into the
    prompt. The labels are random vocabulary words, so copying is the only way to get them right."""
    a, b = rng.choice(pairs) if pairs else rng.sample(words, 2)
    labels = [a, b] if rng.random() < 0.5 else [b, a]
    lines = []
    for _ in range(rng.randint(1, 3)):
        example = rng.choice(sources["classification"]["sst2"])
        expected = a if example["label"] == "positive" else b
        output = rng.choice(["positive", "negative", "positive", "negative", "good", "bad", "yes"])
        text = example["text"][:review_chars]
        prefix = rng.choice(["Review: ", ""])
        lines.append(
            f"Q: {prefix}{text} | A: {output} | expected: {expected} | expected {expected}, got no label "
            f'(no label in the answer (labels: {", ".join(labels)})) (answer: "{output}")'
        )
    first, second = (a, b) if rng.random() < 0.7 else (b, a)
    template = rng.choice(COPY_TEMPLATES)
    sentence = template.format(a=first, b=second)
    base = [rng.choice(ins.ROLES)] if rng.random() < 0.6 else []
    if rng.random() < 0.8:
        base.append(rng.choice(ins.VAGUE + ["Read the text below and give your answer."]))
    if rng.random() < 0.3:
        base.append(rng.choice(ins.SENTIMENT_TASKS))
    base = [part for part in base if part]
    position = rng.randint(0, len(base))
    before_text = " ".join(base[:position])
    after_text = " ".join(base[position:])
    span_text = (" " if before_text else "") + sentence
    if label_span_share > 0 and rng.random() < label_span_share:
        # Only the label words are masked, the template's words stay: most of the row's signal is then the copying.
        cut = template.index("{a}")
        before_text = (before_text + (" " if before_text else "") + template[:cut]).rstrip(" ")
        span_text = " " + sentence[cut:]
    before = tokenizer.encode(before_text)
    span = tokenizer.encode(span_text)
    after = tokenizer.encode((" " if after_text else "") + after_text) if after_text else []
    context = tokenizer.encode("### Feedback\n" + "\n".join(lines) + "\n### Prompt\n")
    extra = [tokenizer.end_id] * rng.randint(0, end_slots)
    body = before + span + extra + after
    budget = max_tokens - len(body)
    context = context[-budget:] if budget > 8 else context[-8:]
    ids = (context + body)[:max_tokens]
    first_eligible = len(context) + len(before)
    eligible = [p for p in range(first_eligible, first_eligible + len(span) + len(extra)) if p < len(ids)]
    return ids, eligible
