"""Connection to a Label Studio server from the environment, with one-line errors.

``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` name the server and the user's access token
(legacy token or personal access token). Every failure the SDK or the network can raise becomes an
:class:`AnnotateError` whose message is one line: the CLI prints it, never a traceback.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from label_studio_sdk import LabelStudio


class AnnotateError(Exception):
    """A problem with the Label Studio server, its credentials or a project (one line)."""


def _detail(body: Any) -> str:
    """The server's explanation: its summary ("Validation error") and the reasons under it, which
    say what to do ("Model version doesn't exist ...")."""
    if isinstance(body, dict):
        parts = [_flat(body[key]) for key in ("detail", "message", "validation_errors") if body.get(key)]
        if parts:
            return ": ".join(dict.fromkeys(parts))[:500]
    return " ".join(str(body).split())[:300]


def _flat(value: Any) -> str:
    """``{"model_version": ["a", "b"]}`` -> ``model_version: a; b`` (one line)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(_flat(v) for v in value)
    return " ".join(str(value).split())


@contextmanager
def server_errors(url: str) -> Iterator[None]:
    """Turn SDK / HTTP failures inside the block into an :class:`AnnotateError`."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except AnnotateError:
        raise
    except ApiError as err:
        code = err.status_code
        if code == 401:
            raise AnnotateError(f"Label Studio at {url} rejected the API key (401): check LABEL_STUDIO_API_KEY "
                                f"(Account & Settings > Access Token)") from None
        if code == 403:
            raise AnnotateError(f"Label Studio at {url} refused the request (403): {_detail(err.body)}") from None
        if code == 404:
            raise AnnotateError(f"Label Studio at {url}: not found (404): {_detail(err.body)}") from None
        raise AnnotateError(f"Label Studio at {url} answered {code}: {_detail(err.body)}") from None
    except httpx.ConnectError:
        raise AnnotateError(f"cannot reach Label Studio at {url}: connection refused "
                            f"(is `label-studio start` running? check LABEL_STUDIO_URL)") from None
    except httpx.TimeoutException:
        raise AnnotateError(f"Label Studio at {url} did not answer in time") from None
    except httpx.HTTPError as err:
        raise AnnotateError(f"cannot talk to Label Studio at {url}: {type(err).__name__}: {err}") from None
    except ValueError as err:  # an answer that is not the JSON the SDK expects (e.g. a proxy page)
        raise AnnotateError(f"Label Studio at {url} sent an answer the SDK cannot read: "
                            f"{' '.join(str(err).split())[:200]}") from None


class Connection:
    """An SDK client and the URL it talks to; :meth:`call` wraps SDK calls in :func:`server_errors`."""

    def __init__(self, client: "LabelStudio", url: str):
        self.client = client
        self.url = url

    def call(self, fn, *args, **kwargs):
        with server_errors(self.url):
            return fn(*args, **kwargs)

    def raw(self, method: str, path: str, **kwargs) -> Any:
        """A JSON request on the SDK's own HTTP client (for endpoints whose SDK model is too strict)."""
        with server_errors(self.url):
            from label_studio_sdk.core.api_error import ApiError

            resp = self.client._client_wrapper.httpx_client.request(path, method=method, **kwargs)
            if resp.status_code >= 400:
                try:
                    body = resp.json()
                except ValueError:
                    body = resp.text
                raise ApiError(status_code=resp.status_code, headers=dict(resp.headers), body=body)
            return resp.json() if resp.content else None


def connect(url: str | None = None, api_key: str | None = None, *, timeout: float = 60.0) -> Connection:
    """A checked connection to the server in ``LABEL_STUDIO_URL`` with ``LABEL_STUDIO_API_KEY``."""
    url = (url or os.environ.get("LABEL_STUDIO_URL") or "").rstrip("/")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    if not url:
        raise AnnotateError("LABEL_STUDIO_URL is not set (e.g. export LABEL_STUDIO_URL=http://127.0.0.1:8080)")
    if not url.startswith(("http://", "https://")):
        raise AnnotateError(f"LABEL_STUDIO_URL {url!r} is not an http(s) URL")
    if not api_key:
        raise AnnotateError("LABEL_STUDIO_API_KEY is not set (copy it from Label Studio: Account & Settings > Access Token)")
    with server_errors(url):
        from label_studio_sdk import LabelStudio

        # No retries: an unreachable server or a bad key should fail at once, not after back-off.
        conn = Connection(LabelStudio(base_url=url, api_key=api_key, timeout=timeout, max_retries=0), url)
    conn.raw("GET", "api/current-user/whoami")
    return conn
