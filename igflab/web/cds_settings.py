"""How the CDS Hooks service is set up: which FHIR servers it may call, CORS, and client JWTs.

Every setting has a safe default: no FHIR server is ever called (the allow-list is empty), any
origin may call the service from a browser without credentials (as the CDS Hooks reference
services do), and no client JWT is asked for. :func:`cds_settings_from_env` reads the
environment variables ``igflab serve`` uses; :func:`igflab.web.create_app` takes a
:class:`CdsSettings` directly.

============================== ===================================================================
``IGFLAB_CDS_FHIR_SERVERS``    FHIR base URLs the service may fetch from, separated by commas or
                               spaces (default: none; the request's ``fhirServer`` must equal one)
``IGFLAB_CDS_FETCH_TIMEOUT``   seconds for one fetch, all of it (default 5)
``IGFLAB_CDS_FETCH_LIMIT``     largest FHIR response read, in bytes (default 2,000,000)
``IGFLAB_CDS_CORS_ORIGINS``    origins allowed by CORS, separated by commas (default ``*``; empty:
                               no CORS headers)
``IGFLAB_CDS_JWT_ISSUERS``     a JSON file ``{"<iss>": {"keys": [<JWK>, ...]}, ...}``: when set,
                               every CDS call needs a JWT signed by one of these issuers' keys
``IGFLAB_CDS_PUBLIC_URL``      the service's public base URL, for the JWT ``aud`` check (default:
                               the URL the request came to)
``IGFLAB_CDS_JWT_TENANTS``     tenants allowed in the JWT's ``tenant`` claim, by commas (default:
                               any)
============================== ===================================================================
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from igflab.errors import InputError

__all__ = [
    "DEFAULT_FETCH_LIMIT",
    "DEFAULT_FETCH_TIMEOUT",
    "CdsSettings",
    "JwtSettings",
    "cds_settings_from_env",
    "normalise_base",
]

#: Seconds one FHIR fetch may take, connection and whole body included.
DEFAULT_FETCH_TIMEOUT = 5.0
#: The largest FHIR response the service reads (bytes); a larger one is refused.
DEFAULT_FETCH_LIMIT = 2_000_000
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_base(url: str) -> str | None:
    """A FHIR base URL compared as written, less case in the scheme and host, a default port and a final slash.

    ``None`` for anything that is not an absolute http(s) URL without credentials, query or fragment.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname or parts.username or parts.password:
        return None
    if parts.query or parts.fragment:
        return None
    host = parts.hostname.lower()
    host = f"[{host}]" if ":" in host else host
    netloc = host if port in (None, _DEFAULT_PORTS[parts.scheme.lower()]) else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path.rstrip("/"), "", ""))


@dataclass(frozen=True)
class JwtSettings:
    """Client authentication by JWT (CDS Hooks 2.0, "Trusting CDS Clients").

    ``issuers`` maps each trusted ``iss`` to its JWK Set, shared out of band (the ``jku`` header
    is never fetched). ``public_url`` is the service's base URL as clients call it (for ``aud``);
    ``tenants``, when given, are the only ``tenant`` values accepted. ``leeway`` is the clock skew
    allowed on ``exp`` and ``iat``, in seconds; ``clock`` gives the time (seconds since the epoch).
    """

    issuers: Mapping[str, Mapping[str, Any]]
    public_url: str | None = None
    tenants: frozenset[str] | None = None
    leeway: float = 60.0
    clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class CdsSettings:
    """The CDS Hooks service's settings (see the module notes for the environment variables)."""

    fhir_servers: tuple[str, ...] = ()
    fetch_timeout: float = DEFAULT_FETCH_TIMEOUT
    fetch_limit: int = DEFAULT_FETCH_LIMIT
    cors_origins: tuple[str, ...] = ("*",)
    jwt: JwtSettings | None = None
    allowed: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        bases = [normalise_base(u) for u in self.fhir_servers]
        bad = [u for u, b in zip(self.fhir_servers, bases, strict=True) if b is None]
        if bad:
            raise InputError(f"not a FHIR base URL (http or https, no query): {bad[0]!r}", field="fhir_servers")
        if not self.fetch_timeout > 0:
            raise InputError(f"the fetch timeout must be positive, got {self.fetch_timeout!r}", field="fetch_timeout")
        if not self.fetch_limit > 0:
            raise InputError(f"the fetch size limit must be positive, got {self.fetch_limit!r}", field="fetch_limit")
        object.__setattr__(self, "allowed", frozenset(b for b in bases if b is not None))

    def may_fetch(self, fhir_server: str) -> str | None:
        """The normalised base of ``fhir_server`` when it is on the allow-list, else ``None``."""
        base = normalise_base(fhir_server)
        return base if base is not None and base in self.allowed else None


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(w for w in (text or "").replace(",", " ").split() if w)


def _jwt_from_env(env: Mapping[str, str]) -> JwtSettings | None:
    path = env.get("IGFLAB_CDS_JWT_ISSUERS")
    if not path:
        return None
    try:
        issuers = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the issuers' JSON file: {exc}", field="IGFLAB_CDS_JWT_ISSUERS") from None
    if not isinstance(issuers, dict) or not all(isinstance(v, dict) for v in issuers.values()):
        raise InputError('must name a JSON file {"<iss>": {"keys": [<JWK>, ...]}, ...}', field="IGFLAB_CDS_JWT_ISSUERS")
    tenants = _words(env.get("IGFLAB_CDS_JWT_TENANTS"))
    return JwtSettings(
        issuers=issuers,
        public_url=env.get("IGFLAB_CDS_PUBLIC_URL") or None,
        tenants=frozenset(tenants) if tenants else None,
    )


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        return float(env.get(name) or default)
    except ValueError:
        raise InputError(f"must be a number, got {env[name]!r}", field=name) from None


def cds_settings_from_env(env: Mapping[str, str] | None = None) -> CdsSettings:
    """The settings the environment gives (``os.environ`` unless ``env``); a bad value raises
    :class:`~igflab.errors.InputError` naming the variable."""
    env = os.environ if env is None else env
    origins = env.get("IGFLAB_CDS_CORS_ORIGINS")
    try:
        return CdsSettings(
            fhir_servers=_words(env.get("IGFLAB_CDS_FHIR_SERVERS")),
            fetch_timeout=_number(env, "IGFLAB_CDS_FETCH_TIMEOUT", DEFAULT_FETCH_TIMEOUT),
            fetch_limit=int(_number(env, "IGFLAB_CDS_FETCH_LIMIT", DEFAULT_FETCH_LIMIT)),
            cors_origins=("*",) if origins is None else _words(origins),
            jwt=_jwt_from_env(env),
        )
    except InputError as exc:
        if exc.field and exc.field.startswith("IGFLAB_"):
            raise
        name = f"IGFLAB_CDS_{(exc.field or 'fhir_servers').upper()}"
        raise InputError(exc.message, field=name) from None
