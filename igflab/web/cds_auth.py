"""Client authentication by JWT, as CDS Hooks 2.0 "Trusting CDS Clients" describes (optional, off by default).

When :class:`~igflab.web.cds_settings.JwtSettings` are given, every CDS call (discovery, the
service, feedback) must carry ``Authorization: Bearer <JWT>``, and the JWT must:

* be signed with an asymmetric algorithm (ES256/384/512, RS256/384/512, PS256/384/512; never
  ``none`` nor an HMAC), with ``typ`` ``JWT`` and a ``kid`` found in the JWK Set of its issuer
  (``iss`` one of the trusted issuers; their JWK Sets are shared out of band, ``jku`` is never
  fetched);
* name as ``aud`` the endpoint called (``<public URL>/cds-services/<id>``; for feedback the
  feedback URL or the service's);
* hold ``iss``, ``aud``, ``exp``, ``iat`` and ``jti``; not be expired, not be issued in the future
  (``leeway`` seconds allowed), not be seen before (its ``jti`` is kept until it expires), and
  carry an allowed ``tenant`` when tenants are configured.

Anything else is answered 401 without saying which check failed (the CDS Hooks best practices).
PyJWT (``pip install 'igflab[jwt]'``) is imported only when JWT checking is switched on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from .cds_settings import JwtSettings
from .errors import HttpProblem

__all__ = ["ALGORITHMS", "JWT_HINT", "ClientJwt"]

#: The signing algorithms accepted: asymmetric only (CDS Hooks 2.0: not ``none``, no symmetric algorithm).
ALGORITHMS = ("ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512")
#: The message when JWT checking is asked for but PyJWT is missing.
JWT_HINT = "checking client JWTs needs PyJWT with cryptography, an optional extra: pip install 'igflab[jwt]'"


def _unauthorised() -> HttpProblem:
    return HttpProblem(
        401, "unauthorized", None, "the request is not authorised", headers={"WWW-Authenticate": "Bearer"}
    )


class ClientJwt:
    """Verifies the CDS client's JWT of each call (see the module notes)."""

    def __init__(self, settings: JwtSettings) -> None:
        try:
            import jwt  # noqa: PLC0415 - optional extra, imported only when JWT checking is on
        except ImportError as exc:
            raise ImportError(JWT_HINT) from exc
        self._jwt = jwt
        self.settings = settings
        self._keys: dict[tuple[str, str], tuple[Any, str | None]] = {}
        for iss, jwks in settings.issuers.items():
            for jwk in jwks.get("keys") or ():
                if isinstance(jwk, dict) and isinstance(jwk.get("kid"), str):
                    self._keys[(iss, jwk["kid"])] = (jwt.PyJWK(jwk).key, jwk.get("alg"))
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def verify(self, authorization: str | None, audiences: Iterable[str]) -> dict[str, Any]:
        """The JWT's claims, or a 401 :class:`~igflab.web.errors.HttpProblem`."""
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise _unauthorised()
        try:
            claims = self._claims(token.strip(), list(audiences))
        except self._jwt.PyJWTError:
            raise _unauthorised() from None
        if claims is None:
            raise _unauthorised()
        return claims

    def _claims(self, token: str, audiences: list[str]) -> dict[str, Any] | None:
        jwt, s = self._jwt, self.settings
        header = jwt.get_unverified_header(token)
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in ALGORITHMS or header.get("typ") != "JWT" or not isinstance(kid, str):
            return None
        unverified = jwt.decode(token, options={"verify_signature": False})
        found = self._keys.get((str(unverified.get("iss")), kid))
        if found is None or found[1] not in (None, alg):
            return None
        claims: dict[str, Any] = jwt.decode(
            token,
            found[0],
            algorithms=[alg],
            audience=audiences,
            issuer=unverified.get("iss"),
            options={"require": ["iss", "aud", "exp", "iat", "jti"], "verify_exp": False, "verify_iat": False},
        )
        now = s.clock()
        exp, iat = claims["exp"], claims["iat"]
        if not isinstance(exp, (int, float)) or not isinstance(iat, (int, float)):
            return None
        if now > exp + s.leeway or iat > now + s.leeway:
            return None
        if s.tenants is not None and claims.get("tenant") not in s.tenants:
            return None
        return claims if self._first_use(str(claims["jti"]), float(exp), now) else None

    def _first_use(self, jti: str, exp: float, now: float) -> bool:
        """Keep ``jti`` until its JWT expires; False when it was used before (a replay)."""
        with self._lock:
            for old in [j for j, until in self._seen.items() if until + self.settings.leeway < now]:
                del self._seen[old]
            if jti in self._seen:
                return False
            self._seen[jti] = exp
            return True
