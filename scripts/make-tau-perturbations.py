"""Records what the original tau-bench tools do with perturbed tool calls (the port's conformance fixture).

Usage: /usr/bin/python3 scripts/make-tau-perturbations.py --reference /path/to/tau-bench --data-dir ../shared/data \
           --out src/tasks/tau-bench/fixtures/perturbations.jsonl

`--reference` is a checkout of sierra-research/tau-bench (59a200c). Its tool classes are imported and run as they
are (their package __init__ files are bypassed so that litellm and pydantic are not needed); nothing of it is copied.

Rules (see docs/tau-bench.md): every ground-truth call of the retail test/dev tasks and the airline test tasks is a
seed. Each argument of a seed is replaced by values of other JSON types, chosen by the argument's own type (a string
becomes its number, `null`, `true`, a one-element list, an object; a number becomes a float `250.0`, its text, `null`,
`true`, a negative; a list gets numeric elements, a duplicate, a string, `[]`; a list of objects gets each field of its
first element retyped or removed and the first element repeated), or removed. Calls are deduplicated and a fixed
sample is kept. Every airline book_reservation seed is also replayed with each payment listed twice, its amount split
in two (the total still adds up: a certificate is then deleted once and fails the second time). Multi-step sequences replay a task's ground-truth calls with one of them perturbed. Each record holds
the call as JSON text (so `250.0` stays a float), the exact output (or its SHA-256 when long), and for every database
record that differs from the initial state the SHA-256 of `str(to_hashable(record))`, the text the original's data
hash is computed from.
"""

import argparse
import copy
import hashlib
import importlib
import json
import random
import sys
import types

LONG = 100


def load_reference(reference):
    for name in ["tau_bench", "tau_bench.envs", "tau_bench.envs.retail", "tau_bench.envs.airline"]:
        module = types.ModuleType(name)
        module.__path__ = [f"{reference}/{name.replace('.', '/')}"]
        sys.modules[name] = module
    tools, data = {}, {}
    for domain in ["retail", "airline"]:
        package = importlib.import_module(f"tau_bench.envs.{domain}.tools")
        tools[domain] = {tool.get_info()["function"]["name"]: tool for tool in package.ALL_TOOLS}
        data[domain] = importlib.import_module(f"tau_bench.envs.{domain}.data").load_data
    return tools, data


def to_hashable(item):
    if isinstance(item, dict):
        return tuple((key, to_hashable(value)) for key, value in sorted(item.items()))
    if isinstance(item, list):
        return tuple(to_hashable(element) for element in item)
    return item


def record_hash(record):
    return hashlib.sha256(str(to_hashable(record)).encode("utf-8")).hexdigest()


def invoke(tools, data, name, kwargs):
    """What the original Env.step observes for one call (its `except Exception` included)."""
    if name not in tools:
        return f"Unknown action {name}"
    try:
        return tools[name].invoke(data=data, **kwargs)
    except Exception as error:  # noqa: BLE001 - the original catches everything
        return f"Error: {error}"


class LazyTable(dict):
    """A table whose records are deep-copied from the initial data when first looked up (copy on read)."""

    def __init__(self, base):
        super().__init__(base)
        self.base = base
        self.touched = set()

    def __getitem__(self, key):
        if key not in self.touched and dict.__contains__(self, key) and key in self.base:
            self.touched.add(key)
            dict.__setitem__(self, key, copy.deepcopy(self.base[key]))
        return dict.__getitem__(self, key)


def fresh(initial):
    return {table: LazyTable(records) for table, records in initial.items()}


def changes(initial, data):
    """Records whose str(to_hashable(...)) differs from the initial one (the text the original's data hash uses)."""
    result = []
    for table, records in data.items():
        before = initial[table]
        keys = [key for key in before if key in records.touched or key not in records]
        keys += [key for key in records if key not in before]
        for key in keys:
            old = before.get(key)
            new = dict.get(records, key)
            if str(to_hashable(old)) != str(to_hashable(new)):
                result.append({"table": table, "key": key, "hash": None if new is None else record_hash(new)})
    return result


def output_record(output):
    if isinstance(output, str) and len(output) <= LONG:
        return {"output": output}
    text = output if isinstance(output, str) else repr(output)
    return {"outputSha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}


def numeric(text):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


def scalar_variants(value):
    if isinstance(value, bool) or value is None:
        return [0, "true", None if value is not None else True]
    if isinstance(value, str):
        number = numeric(value)
        out = [None, True, [value], {"value": value}, 7, 7.0]
        if number is not None:
            out += [number, float(number)]
        return out
    if isinstance(value, (int, float)):
        return [float(value), str(value), f"{float(value)}", None, True, -value, value + 0.5, [value], 2**64]
    return []


def list_variants(value):
    if not value:
        return [None, "", [1]]
    first = value[0]
    out = [None, "", value[0] if isinstance(first, str) else 3, [], [first] + value, value + [first]]
    if all(isinstance(element, str) for element in value):
        out += [[numeric(element) if numeric(element) is not None else element for element in value], "".join(value)]
        out += [[7] + value[1:]]
    if isinstance(first, dict):
        for field, field_value in first.items():
            for replacement in scalar_variants(field_value)[:6]:
                changed = copy.deepcopy(value)
                changed[0][field] = replacement
                out.append(changed)
            removed = copy.deepcopy(value)
            del removed[0][field]
            out.append(removed)
        out.append([1] + value[1:])
    return out


MISSING = object()


def payment_splits(kwargs):
    """book_reservation calls with one payment listed twice, its amount split in two (the total still adds up)."""
    payments = kwargs.get("payment_methods")
    if not isinstance(payments, list):
        return
    for index, payment in enumerate(payments):
        amount = payment.get("amount")
        if isinstance(amount, int) and amount > 1:
            first = dict(payment, amount=amount // 2)
            second = dict(payment, amount=amount - amount // 2)
            yield dict(kwargs, payment_methods=payments[:index] + [first, second] + payments[index + 1 :])


def perturbations(kwargs):
    for name, value in kwargs.items():
        variants = list_variants(value) if isinstance(value, list) else scalar_variants(value)
        for variant in variants + [MISSING]:
            changed = dict(kwargs)
            if variant is MISSING:
                del changed[name]
            else:
                changed[name] = variant
            yield changed


CALCULATE = [
    "(", ")", "()", "(1 2)", "", " ", "1 +", "2**10000", "(-8)**0.5", "-0.0", "0.0 * -1", "2**60 + 1",
    "2**53 + 1", "10**20", "1/0", "1 // 0", "7 // 2", "7 / 2", "2.675 * 1", "0.125", "1e5", "3 % 2", "1.5 ** 2",
    "((2))", "2 ** -1", "-(3)", "100 - 0.01", "1..2", "1 2", "1.", ".5", "2**1023 * 2", "2**1024 / 3", "0**0",
    "(-1) ** 0.5", "10 / 4 * 2", "   3+4  ", "00", "01", "1_000",
]
CALCULATE_RAW = [12, 12.5, None, True, ["1+1"], {"a": 1}]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reference", required=True)
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--singles", type=int, default=2500)
    parser.add_argument("--sequences", type=int, default=300)
    args = parser.parse_args()
    tools, loaders = load_reference(args.reference)
    initial = {domain: load() for domain, load in loaders.items()}
    sources = [("retail", "test"), ("retail", "dev"), ("airline", "test")]
    singles, sequences, seen = [], [], set()
    for domain, split in sources:
        with open(f"{args.data_dir}/tau-bench/{domain}/tasks/{split}.json") as handle:
            tasks = json.load(handle)
        for task_index, task in enumerate(tasks):
            actions = [a for a in task["actions"] if a["name"] not in ("transfer_to_human_agents", "respond")]
            for action_index, action in enumerate(actions):
                for kwargs in perturbations(action["kwargs"]):
                    key = (domain, action["name"], json.dumps(kwargs, sort_keys=True))
                    if key in seen:
                        continue
                    seen.add(key)
                    singles.append((domain, action["name"], kwargs))
                    sequences.append((domain, split, task_index, actions, action_index, kwargs))
    splits = []
    with open(f"{args.data_dir}/tau-bench/airline/tasks/test.json") as handle:
        for task in json.load(handle):
            for action in task["actions"]:
                if action["name"] == "book_reservation":
                    splits += [("airline", "book_reservation", kwargs) for kwargs in payment_splits(action["kwargs"])]
    for domain in ["retail", "airline"]:
        for expression in CALCULATE:
            singles.append((domain, "calculate", {"expression": expression}))
        for value in CALCULATE_RAW:
            singles.append((domain, "calculate", {"expression": value}))
        singles.append((domain, "think", {"thought": 5}))
        singles.append((domain, "transfer_to_human_agents", {"summary": None}))
    for amount in [100, 100.0, 99.5, None, True, "100", [100], 0, -5, 2**64]:
        singles.append(("airline", "send_certificate", {"user_id": "mia_li_3668", "amount": amount}))
    sample = random.Random(14)
    forced = [s for s in singles if s[1] in ("calculate", "think", "transfer_to_human_agents", "send_certificate")]
    forced += splits
    rest = [s for s in singles if s not in forced]
    chosen = forced + sample.sample(rest, min(args.singles, len(rest)))
    picked_sequences = sample.sample(sequences, min(args.sequences, len(sequences)))
    with open(args.out, "w") as out:
        for domain, name, kwargs in chosen:
            data = fresh(initial[domain])
            text = json.dumps(kwargs)
            output = invoke(tools[domain], data, name, copy.deepcopy(kwargs))
            record = {"domain": domain, "steps": [{"name": name, "kwargs": text, **output_record(output)}]}
            record["changes"] = changes(initial[domain], data)
            out.write(json.dumps(record) + "\n")
        for domain, split, task_index, actions, action_index, kwargs in picked_sequences:
            data = fresh(initial[domain])
            steps = []
            for index, action in enumerate(actions):
                call = kwargs if index == action_index else action["kwargs"]
                text = json.dumps(call)
                output = invoke(tools[domain], data, action["name"], copy.deepcopy(call))
                steps.append({"name": action["name"], "kwargs": text, **output_record(output)})
            record = {"domain": domain, "task": f"{domain}/{split}/{task_index}", "perturbed": action_index}
            record.update({"steps": steps, "changes": changes(initial[domain], data)})
            out.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
