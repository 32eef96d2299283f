"""`python3 -m dlmpo_logits_server --model builtin|<dlmpo model dir>|hf:<model id or path> [options]`."""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
from typing import NoReturn

from .backend import parse_devices, parse_dtype
from .protocol import Limits

_DEFAULTS = Limits()


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="dlmpo-logits-server",
        description="Serve a masked/diffusion LM over dlmpo's remote logits protocol (docs/remote-logits.md).",
    )
    parser.add_argument("--model", required=True, help="builtin, a dlmpo model directory, or hf:<model id or path>")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8123, help="TCP port (default 8123; 0 picks a free one)")
    parser.add_argument("--token", default=None, help="require this bearer token (default: env DLMPO_LOGITS_TOKEN)")
    parser.add_argument("--device", default="auto", help="auto, cpu, cuda, or a list such as cuda:0,cuda:1 (one copy each)")
    parser.add_argument("--dtype", default=None, help="float32, bfloat16 or float16 (default: bfloat16 for hf: on CUDA, else float32)")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads of PyTorch (default: PyTorch's choice)")
    parser.add_argument("--max-sequences", type=int, default=_DEFAULTS.max_sequences, help="per request (more: 413)")
    parser.add_argument("--max-tokens", type=int, default=_DEFAULTS.max_tokens, help="sequences × length per request (more: 413)")
    parser.add_argument("--max-body-bytes", type=int, default=_DEFAULTS.max_body_bytes, help="request body (more: 413)")
    parser.add_argument("--max-queued", type=int, default=_DEFAULTS.max_queued, help="waiting requests (more: 429)")
    parser.add_argument("--max-batch-tokens", type=int, default=_DEFAULTS.max_batch_tokens, help="tokens in one forward pass")
    parser.add_argument("--max-wait-ms", type=float, default=_DEFAULTS.max_wait_ms, help="wait this long for a fuller batch")
    parser.add_argument("--trust-remote-code", action="store_true", help="hf: run the model repository's own code (LLaDA, Dream)")
    parser.add_argument("--mask-token-id", type=int, default=None, help="hf: override the mask token id")
    parser.add_argument("--end-token-id", type=int, default=None, help="hf: override the end token id")
    parser.add_argument("--context-length", type=int, default=None, help="hf: override the context length")
    parser.add_argument("--end-token-bias", type=float, default=None, help="recommended end-token bias to advertise (nats)")
    return parser.parse_args(argv)


def _fail(message: str) -> NoReturn:
    print(f"dlmpo-logits-server: {message}", file=sys.stderr, flush=True)
    sys.exit(2)


def _limits(arguments: argparse.Namespace) -> Limits:
    values = {
        "max_sequences": arguments.max_sequences,
        "max_tokens": arguments.max_tokens,
        "max_body_bytes": arguments.max_body_bytes,
        "max_queued": arguments.max_queued,
        "max_batch_tokens": arguments.max_batch_tokens,
    }
    for name, value in values.items():
        if value < (0 if name == "max_queued" else 1):
            _fail(f"--{name.replace('_', '-')} must be a positive whole number, got {value}")
    if arguments.max_wait_ms < 0:
        _fail(f"--max-wait-ms must be at least 0, got {arguments.max_wait_ms}")
    return Limits(max_wait_ms=arguments.max_wait_ms, **values)


def _bind(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        _fail(f"cannot listen on {host}:{port}: {host} is not an address of this machine")
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as error:
        why = {
            errno.EADDRINUSE: f"port {port} is already in use; stop the other server or pick another port (0 picks a free one)",
            errno.EACCES: f"no permission to listen on port {port}; use a port above 1023",
            errno.EADDRNOTAVAIL: f"{host} is not an address of this machine",
        }.get(error.errno, str(error))
        _fail(f"cannot listen on {host}:{port}: {why}")
    sock.listen(2048)
    return sock


def _load(arguments: argparse.Namespace):
    try:
        devices = parse_devices(arguments.device)
        dtype = None if arguments.dtype is None else parse_dtype(arguments.dtype)
    except ValueError as error:
        _fail(str(error))
    model = arguments.model
    try:
        if model.startswith("hf:"):
            from .hf_model import load_hf_model  # transformers is imported only here

            backend = load_hf_model(
                model_name=model[3:],
                devices=devices,
                dtype=dtype,
                trust_remote_code=arguments.trust_remote_code,
                mask_token_id=arguments.mask_token_id,
                end_token_id=arguments.end_token_id,
                context_length=arguments.context_length,
            )
        else:
            from .builtin_model import builtin_model_directory, load_builtin_model

            import torch

            directory = builtin_model_directory() if model == "builtin" else os.path.abspath(model)
            backend = load_builtin_model(directory, devices, dtype or torch.float32, arguments.threads)
    except (ValueError, ImportError, OSError) as error:
        _fail(str(error).splitlines()[0] if str(error) else type(error).__name__)
    if arguments.threads is not None:
        import torch

        torch.set_num_threads(arguments.threads)
    if arguments.end_token_bias is not None:
        backend.recommended = {**(backend.recommended or {}), "endTokenBias": arguments.end_token_bias}
    return backend


def main(argv: list[str]) -> None:
    arguments = _arguments(argv)
    limits = _limits(arguments)
    token = arguments.token if arguments.token is not None else os.environ.get("DLMPO_LOGITS_TOKEN")
    token = token or None
    sock = _bind(arguments.host, arguments.port)
    backend = _load(arguments)

    import uvicorn

    from .app import LogitsApp, is_loopback

    app = LogitsApp(backend, limits, bound_host=arguments.host, bearer_token=token)
    port = sock.getsockname()[1]
    host = f"[{arguments.host}]" if ":" in arguments.host else arguments.host
    if token is None and not is_loopback(arguments.host):
        print(f"Warning: serving on {arguments.host} without a bearer token; anyone who can reach it can use it.", file=sys.stderr)
    devices = ", ".join(str(replica.device) for replica in backend.replicas)
    print(
        f"Serving {backend.model_id} on http://{host}:{port}/v1 ({'bearer token required' if token else 'no token'}; "
        f"{devices}; ≤ {limits.max_sequences} sequences and {limits.max_tokens} tokens a request, "
        f"batches ≤ {limits.max_batch_tokens} tokens, {limits.max_queued} queued). Ctrl-C to stop.",
        flush=True,
    )
    config = uvicorn.Config(app, lifespan="on", log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def run() -> None:
    """Console-script entry point (`dlmpo-logits-server …` after `pip install`)."""
    main(sys.argv[1:])


if __name__ == "__main__":
    run()
