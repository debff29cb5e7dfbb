"""A real Label Studio server for the tests: started from .venv-ls on 127.0.0.1 with a throw-away
data dir and made-up credentials, stopped afterwards. It fails (never skips) when it cannot start."""
from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABEL_STUDIO = ROOT / ".venv-ls" / "bin" / "label-studio"
START_TIMEOUT = float(os.environ.get("LABEL_STUDIO_TEST_START_TIMEOUT", 600))


@dataclass
class Server:
    url: str
    token: str
    log: Path
    proc: subprocess.Popen | None
    username: str = ""
    password: str = ""

    def log_tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str | None = None) -> int:
    req = urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, OSError):
        return 0


def start(data_dir: Path) -> Server:
    """Start the server and wait until it answers with the test's token.

    For quick reruns while developing, ``BI_TEST_LABEL_STUDIO_URL`` / ``BI_TEST_LABEL_STUDIO_TOKEN``
    name a server already running (it is not stopped afterwards).
    """
    if os.environ.get("BI_TEST_LABEL_STUDIO_URL"):
        url, token = os.environ["BI_TEST_LABEL_STUDIO_URL"].rstrip("/"), os.environ.get("BI_TEST_LABEL_STUDIO_TOKEN", "")
        if _get(f"{url}/api/current-user/whoami", token) != 200:
            raise RuntimeError(f"BI_TEST_LABEL_STUDIO_URL {url} does not answer with BI_TEST_LABEL_STUDIO_TOKEN")
        return Server(url, token, data_dir / "none.log", None)
    if not LABEL_STUDIO.exists():
        raise RuntimeError(f"{LABEL_STUDIO} missing: run scripts/setup_label_studio.sh (make setup does)")
    port = free_port()
    token = secrets.token_hex(20)
    username, password = f"annotator-{secrets.token_hex(4)}@example.com", secrets.token_urlsafe(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LABEL_STUDIO_")}
    env.update({
        "LABEL_STUDIO_USERNAME": username,
        "LABEL_STUDIO_PASSWORD": password,
        "LABEL_STUDIO_USER_TOKEN": token,
        "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",   # the made-up token is a legacy token
        "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        "LATEST_VERSION_CHECK": "false",                  # no call to PyPI from the tests
        "COLLECT_ANALYTICS": "false",
    })
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / "label-studio.log"
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            [str(LABEL_STUDIO), "start", "--internal-host", "127.0.0.1", "--port", str(port),
             "--data-dir", str(data_dir), "--no-browser"],
            stdin=subprocess.DEVNULL, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=data_dir,
            start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", token, log, proc, username, password)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"label-studio exited with {proc.returncode}:\n{server.log_tail()}")
        if _get(f"{server.url}/api/current-user/whoami", token) == 200:
            return server
        time.sleep(2)
    stop(server)
    raise RuntimeError(f"label-studio did not answer within {START_TIMEOUT:.0f} s:\n{server.log_tail()}")


def stop(server: Server) -> None:
    """Stop the server's process group (the one this module started)."""
    if server.proc is None or server.proc.poll() is not None:
        return
    try:
        os.killpg(server.proc.pid, signal.SIGTERM)
        server.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=30)
    except ProcessLookupError:
        pass
