#!/usr/bin/env python3
"""Throughput of the Python logits server (servers/python) against the bare PyTorch model in this same process.

    /usr/bin/python3 bench/python-server.py [--model builtin|hf:<id>] [--length 64] [--positions 16] [--top-k 64]
                                            [--seconds 3] [--threads 1] [--device cpu] [--trust-remote-code]

For batch sizes 1, 8 and 32 (sequences of --length tokens, --positions asked positions each, top-k log-probs):
  - bare: the model's forward pass + log-softmax + top-k called directly (what the server runs per batch, no HTTP);
  - one request: one client sending requests of B sequences, one after the other (HTTP, JSON, checks included);
  - B clients: B concurrent clients with one sequence each (dynamic batching coalesces them into passes);
printing forward passes/s (requests/s for the server), tokens/s (sequences × length) and the ratio to bare: medians of
three interleaved slices of --seconds / 3 each.
The server runs as a subprocess started by this script with the same --threads and --device.
"""

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "..", "servers", "python")
sys.path.insert(0, SERVER)

import torch  # noqa: E402

from dlmpo_logits_server.backend import parse_devices  # noqa: E402
from dlmpo_logits_server.batcher import run_batch  # noqa: E402
from dlmpo_logits_server.protocol import LogitsRequest  # noqa: E402


def arguments():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="builtin")
    parser.add_argument("--length", type=int, default=64)
    parser.add_argument("--positions", type=int, default=16)
    parser.add_argument("--top-k", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--trust-remote-code", action="store_true")
    return parser.parse_args()


def load(args):
    devices = parse_devices(args.device)[:1]
    if args.model.startswith("hf:"):
        from dlmpo_logits_server.hf_model import load_hf_model

        return load_hf_model(args.model[3:], devices, trust_remote_code=args.trust_remote_code)
    from dlmpo_logits_server.builtin_model import builtin_model_directory, load_builtin_model

    directory = builtin_model_directory() if args.model == "builtin" else args.model
    return load_builtin_model(directory, devices)


def sequences(backend, count, length, positions):
    rows = [[(7 * row + 13 * index) % (backend.vocab_size - 10) + 5 for index in range(length)] for row in range(count)]
    asked = [list(range(length - positions, length))] * count
    for row in rows:
        for position in asked[0]:
            row[position] = backend.mask_token_id
    return rows, asked


def timed(call, seconds):
    call()  # warm-up
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        call()
        count += 1
    return count / (time.perf_counter() - started)


def start_server(args):
    command = [sys.executable, "-m", "dlmpo_logits_server", "--model", args.model, "--port", "0",
               "--threads", str(args.threads), "--device", args.device, "--max-queued", "256"]
    if args.trust_remote_code:
        command.append("--trust-remote-code")
    process = subprocess.Popen(command, cwd=SERVER, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = process.stdout.readline()
    match = re.search(r"http://([\d.]+):(\d+)/v1", line)
    if match is None:
        raise SystemExit(f"server did not start: {line}{process.stdout.read()}")
    return process, match.group(1), int(match.group(2))


def poster(host, port, body):
    payload = json.dumps(body).encode()
    state = {"connection": http.client.HTTPConnection(host, port, timeout=120)}

    def send():
        state["connection"].request("POST", "/v1/logits", payload, {"content-type": "application/json"})
        response = state["connection"].getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"server answered {response.status}")

    def post():
        try:
            send()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closes keep-alive connections idle for 5 s (while the other figures run): reconnect once.
            state["connection"].close()
            state["connection"] = http.client.HTTPConnection(host, port, timeout=120)
            send()

    return post


def concurrent_rate(host, port, body, clients, seconds):
    posts = [poster(host, port, body) for _ in range(clients)]
    for post in posts:
        post()
    counts = [0] * clients
    stop = time.perf_counter() + seconds

    def client(index):
        while time.perf_counter() < stop:
            posts[index]()
            counts[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.perf_counter() - started)


def main():
    args = arguments()
    torch.set_num_threads(args.threads)
    backend = load(args)
    replica = backend.replicas[0]
    process, host, port = start_server(args)
    print(f"model {backend.model_id} on {replica.device}, {args.threads} thread(s); sequences of {args.length} tokens, "
          f"{args.positions} asked positions, top-{args.top_k}; {args.seconds:.0f} s per figure")
    summary = []
    try:
        for batch in (1, 8, 32):
            rows, asked = sequences(backend, batch, args.length, args.positions)
            request = LogitsRequest(sequences=rows, positions=asked, top_k=args.top_k)
            body = {"sequences": rows, "positions": asked, "topK": args.top_k}
            single = {"sequences": rows[:1], "positions": asked[:1], "topK": args.top_k}
            post = poster(host, port, body)
            # Interleaved slices (bare, one request, B clients) × 3, medians: a busy machine slows all three alike.
            slices = [
                (
                    timed(lambda: run_batch(replica, [request]), args.seconds / 3),
                    timed(post, args.seconds / 3),
                    concurrent_rate(host, port, single, batch, args.seconds / 3) / batch,
                )
                for _ in range(3)
            ]
            bare, one, many = (sorted(column)[1] for column in zip(*slices))
            tokens = batch * args.length
            print(f"batch {batch:>2}: bare {bare:8.1f} passes/s {bare * tokens:10.0f} tokens/s | one request "
                  f"{one:8.1f}/s {one * tokens:10.0f} tokens/s ratio {one / bare:5.2f} | {batch} clients "
                  f"{many:8.1f} batch-equivalents/s {many * tokens:10.0f} tokens/s ratio {many / bare:5.2f}")
            summary.append({"batch": batch, "bare": bare, "oneRequest": one, "clients": many, "tokensPerPass": tokens})
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(json.dumps({"model": backend.model_id, "device": str(replica.device), "results": summary}))


if __name__ == "__main__":
    main()
