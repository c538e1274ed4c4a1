"""Who may talk to the preview server, and which requests may change something.

- Only requests whose `Host` is the address the server listens on are answered, so a
  web page elsewhere cannot reach it through DNS rebinding.
- Every request that changes something (any method but GET, HEAD and OPTIONS) must
  come from the server's own pages: an `Origin` equal to the server's address, and the
  server's CSRF token in the form field `csrf` or the header `X-CSRF-Token`.
- A server that listens beyond the loopback interface asks for an access token, which
  it prints at start: once given (`?token=…`), it is kept in a cookie.

Refusals are short Danish pages with status 400 or 403; nothing else is told.
"""

from __future__ import annotations

import contextlib
import hmac
import ipaddress
import secrets
import socket
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
TOKEN_COOKIE = "trivselreport_adgang"
TOKEN_PARAMETER = "token"
# Every answer's, unless a route sets its own (the memo's frame, the built files): the app's
# pages run only its own script file and may be framed only by themselves.
DEFAULT_HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


def is_unspecified(host: str) -> bool:
    """0.0.0.0 or ::, every address of the machine."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def machine_names() -> frozenset[str]:
    """The names and addresses others may use for this machine (as far as it knows)."""
    names: set[str] = set()
    with contextlib.suppress(OSError):
        hostname = socket.gethostname()
        names |= {hostname, socket.getfqdn()}
        for *_rest, address in socket.getaddrinfo(hostname, None):
            names.add(str(address[0]))
    return frozenset(name for name in names if name)


def _same(given: str, secret: str) -> bool:
    """A constant-time comparison that also takes what is not ASCII (never equal)."""
    return hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode("utf-8"))


def _bracketed(host: str) -> str:
    return f"[{host.strip('[]')}]" if ":" in host else host


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServerSecrets:
    """The address the server answers to and its secrets, made once per start."""

    host: str
    port: int
    csrf_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    access_token: str | None = None  # required when the server listens beyond loopback
    # More names the server is reached by: the machine's, when it listens on every address
    other_names: frozenset[str] = frozenset()

    @classmethod
    def for_address(cls, host: str, port: int) -> ServerSecrets:
        access = None if is_loopback(host) else secrets.token_urlsafe(24)
        others = machine_names() if is_unspecified(host) else frozenset()
        return cls(host, port, access_token=access, other_names=others)

    @property
    def allowed_hosts(self) -> frozenset[str]:
        names = {_bracketed(self.host), *(_bracketed(name) for name in self.other_names)}
        if is_loopback(self.host) or is_unspecified(self.host):
            names |= {"localhost", "127.0.0.1", "[::1]"}
        return frozenset(f"{name.lower()}:{self.port}" for name in names)

    @property
    def shown_host(self) -> str:
        """The name to print in the address: the machine's when listening everywhere."""
        if is_unspecified(self.host):
            return _bracketed(socket.gethostname() or "localhost")
        return _bracketed(self.host)

    @property
    def allowed_origins(self) -> frozenset[str]:
        return frozenset(f"http://{host}" for host in self.allowed_hosts)

    def csrf_ok(self, given: str | None) -> bool:
        return given is not None and _same(given, self.csrf_token)

    def access_ok(self, given: str | None) -> bool:
        if self.access_token is None:
            return True
        return given is not None and _same(given, self.access_token)


class SecurityMiddleware:
    """Host, access token and origin checks for every request (the CSRF token of a form
    is checked where the form is read: `require_csrf`)."""

    def __init__(self, app: ASGIApp, secrets_: ServerSecrets) -> None:
        self.app = app
        self.secrets = secrets_

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {
            key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]
        }
        if headers.get("host", "").lower() not in self.secrets.allowed_hosts:
            await _refuse(send, 400, "Serveren svarer kun på sin egen adresse.")
            return
        token = _query_token(scope) or _cookie_token(headers)
        if not self.secrets.access_ok(token):
            await _refuse(
                send,
                403,
                "Adgang kræver den adgangsnøgle, serveren skrev, da den startede "
                "(adressen med ?token=…).",
            )
            return
        method = scope.get("method", "GET")
        if method not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is None or origin.lower() not in self.secrets.allowed_origins:
                await _refuse(send, 403, "Ændringer kan kun sendes fra serverens egne sider.")
                return
        remember = self.secrets.access_token is not None and _query_token(scope) is not None

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _value in headers}
                headers += [item for item in DEFAULT_HEADERS if item[0] not in names]
                if remember:
                    cookie = f"{TOKEN_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                    headers.append((b"set-cookie", cookie.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _query_token(scope: Scope) -> str | None:
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(TOKEN_PARAMETER)
    return values[0] if values else None


def _cookie_token(headers: dict[str, str]) -> str | None:
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no token
        return None
    morsel = cookie.get(TOKEN_COOKIE)
    return morsel.value if morsel else None


async def _refuse(send: Send, status: int, message: str) -> None:
    body = (
        '<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>Afvist</title>'
        f"</head><body><main><h1>Afvist</h1><p>{message}</p></main></body></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
