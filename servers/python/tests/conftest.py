"""Starts real servers (`python3 -m dlmpo_logits_server`) on 127.0.0.1 and talks to them over HTTP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from typing import Any, Optional

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)


class Server:
    def __init__(self, args: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dlmpo_logits_server", "--model", "builtin", "--port", "0", "--threads", "1", *args],
            cwd=PACKAGE_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        line = self.process.stdout.readline()
        match = re.search(r"on (http://\S+)/v1", line)
        if match is None:
            self.process.kill()
            raise RuntimeError(f"the server did not start: {line}{self.process.stdout.read()}")
        self.url = match.group(1)

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: Optional[dict[str, str]] = None,
        raw: Optional[bytes] = None,
    ) -> tuple[int, dict[str, str], Any]:
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        sent = {"content-type": "application/json"} if data is not None else {}
        sent.update(headers or {})
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, answer_headers, text = response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            status, answer_headers, text = error.code, dict(error.headers), error.read()
        try:
            parsed = json.loads(text)
        except ValueError:
            parsed = text.decode()
        return status, {key.lower(): value for key, value in answer_headers.items()}, parsed

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="session")
def server():
    started = Server(["--token", "py-token", "--max-wait-ms", "20", "--max-tokens", "4096"])
    yield started
    started.stop()


@pytest.fixture(scope="session")
def auth() -> dict[str, str]:
    return {"authorization": "Bearer py-token"}
