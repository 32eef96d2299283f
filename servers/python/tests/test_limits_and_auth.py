"""Limits, the bearer token and refusals of web pages, as the TypeScript `serve-logits` has them."""

import http.client
import os
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from conftest import PACKAGE_ROOT


def test_refuses_a_missing_or_wrong_token(server):
    for headers in ({}, {"authorization": "Bearer wrong"}):
        status, answer_headers, body = server.request("GET", "/v1/model", headers=headers)
        assert status == 401
        assert answer_headers["www-authenticate"] == "Bearer"
        assert "py-token" not in str(body)


def test_refuses_a_batch_bomb_before_running_it_and_keeps_answering(server, auth):
    bomb = {"sequences": [[2] * 256] * 1000, "positions": [[0]] * 1000}
    status, _, body = server.request("POST", "/v1/logits", bomb, auth)
    assert status == 413
    assert body["error"]["code"] == "too-large"
    tokens = {"sequences": [[2] * 256] * 20, "positions": [[0]] * 20}
    status, _, body = server.request("POST", "/v1/logits", tokens, auth)
    assert status == 413
    assert "5120 tokens exceed this server's limit of 4096" in body["error"]["message"]
    status, _, _ = server.request("POST", "/v1/logits", {"sequences": [[5, 2]], "positions": [[1]]}, auth)
    assert status == 200


def test_refuses_a_body_over_the_byte_limit_without_reading_it(server, auth):
    # The answer comes from the declared length alone: nothing of the 4 MiB + 1 body is sent.
    address = urlparse(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.putrequest("POST", "/v1/logits")
    for name, value in {**auth, "content-type": "application/json", "content-length": str(4 * 1024 * 1024 + 1)}.items():
        connection.putheader(name, value)
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert b"too-large" in response.read()
    connection.close()


@pytest.mark.parametrize(
    "body, field",
    [
        ({"sequences": [], "positions": []}, "sequences"),
        ({"sequences": [[]], "positions": [[]]}, "sequences.0"),
        ({"sequences": [[1, 99999]], "positions": [[0]]}, "sequences.0.1"),
        ({"sequences": [[1, -1]], "positions": [[0]]}, "sequences.0.1"),
        ({"sequences": [[1, 2], [1]], "positions": [[0], [0]]}, "sequences.1"),
        ({"sequences": [[1, 2]], "positions": [[2]]}, "positions.0.0"),
        ({"sequences": [[1, 2]], "positions": [[0]], "topK": 100000}, "topK"),
        ({"sequences": [[1, 2]], "positions": [[0], [1]]}, "positions"),
    ],
)
def test_answers_bad_input_with_400_naming_the_field(server, auth, body, field):
    status, _, answer = server.request("POST", "/v1/logits", body, auth)
    assert status == 400
    assert f'field "{field}"' in answer["error"]["message"]


def test_answers_too_long_sequences_with_context_length(server, auth):
    status, _, answer = server.request("POST", "/v1/logits", {"sequences": [[5] * 300], "positions": [[0]]}, auth)
    assert status == 400
    assert answer["error"]["code"] == "context-length"


def test_refuses_requests_from_web_pages_without_cors(server, auth):
    status, headers, _ = server.request(
        "POST", "/v1/logits", raw=b'{"sequences":[[5]],"positions":[[0]]}',
        headers={**auth, "content-type": "text/plain", "origin": "https://evil.example"},
    )
    assert status == 403
    assert "access-control-allow-origin" not in headers
    status, _, _ = server.request(
        "POST", "/v1/logits", raw=b'{"sequences":[[5]],"positions":[[0]]}', headers={**auth, "content-type": "text/plain"}
    )
    assert status == 415
    status, _, _ = server.request("OPTIONS", "/v1/logits", headers={"origin": "https://evil.example"})
    assert status == 403
    address = urlparse(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", "/v1/model", headers={**auth, "host": "attacker.example"})
    assert connection.getresponse().status == 403
    connection.close()


def test_exits_2_with_one_line_when_the_port_is_in_use(server):
    port = str(urlparse(server.url).port)
    result = subprocess.run(
        [sys.executable, "-m", "dlmpo_logits_server", "--model", "builtin", "--port", port],
        cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert f"port {port} is already in use" in result.stderr


def test_exits_2_naming_the_file_of_a_bad_model_directory(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "dlmpo_logits_server", "--model", str(tmp_path), "--port", "0"],
        cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 2
    assert "config.json does not exist" in result.stderr


def test_says_how_to_install_transformers_for_hf_models():
    probe = subprocess.run([sys.executable, "-c", "import transformers"], capture_output=True, timeout=120)
    if probe.returncode == 0:
        pytest.skip("transformers is installed here")
    result = subprocess.run(
        [sys.executable, "-m", "dlmpo_logits_server", "--model", "hf:GSAI-ML/LLaDA-8B-Instruct", "--port", "0"],
        cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 2
    assert "pip install 'transformers" in result.stderr
