"""CDS Hooks: CORS for browser clients, the feedback endpoint, and client JWTs checked with the spec's ES384 example.

The JWT example (tests/fixtures/cds_hooks/spec/jwt-example.json) is the one CDS Hooks 2.0 prints under
"Trusting CDS Clients": a header, payload, the client's public JWK Set and private JWK, and the
complete token, signed ES384 for ``aud`` https://cds.example.org/cds-services/some-service,
issued 1311280970 and expiring 1422568860 (seconds since the epoch).
"""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import pytest

pytest.importorskip("fastapi")
jwt = pytest.importorskip("jwt")

from igflab.web.cds import SERVICE_ID  # noqa: E402
from igflab.web.cds_auth import ClientJwt  # noqa: E402
from igflab.web.cds_settings import CdsSettings, JwtSettings  # noqa: E402
from igflab.web.errors import HttpProblem  # noqa: E402
from tests.cds_support import PATIENT, SPEC, cds_client, hook_request, load, observation, search  # noqa: E402

EXAMPLE = load(SPEC / "jwt-example.json")
ISSUER = EXAMPLE["payload"]["iss"]
SPEC_AUDIENCE = EXAMPLE["payload"]["aud"]
WHILE_VALID = (EXAMPLE["payload"]["iat"] + EXAMPLE["payload"]["exp"]) / 2
SERVICE = f"/cds-services/{SERVICE_ID}"


def _guard(now: float = WHILE_VALID, **extra: Any) -> ClientJwt:
    return ClientJwt(JwtSettings(issuers={ISSUER: EXAMPLE["jwks"]}, clock=lambda: now, **extra))


def test_the_specs_example_token_verifies_against_its_public_key() -> None:
    assert _guard().verify(f"Bearer {EXAMPLE['token']}", [SPEC_AUDIENCE]) == EXAMPLE["payload"]


def _refused(guard: ClientJwt, authorization: str | None, audience: str = SPEC_AUDIENCE) -> HttpProblem:
    with pytest.raises(HttpProblem) as refused:
        guard.verify(authorization, [audience])
    assert refused.value.status == 401
    assert refused.value.message == "the request is not authorised"  # never which check failed
    return refused.value


def _sign(claims: dict[str, Any], alg: str = "ES384", **header: Any) -> str:
    key = jwt.PyJWK(EXAMPLE["private_jwk"]).key
    return str(jwt.encode(claims, key, algorithm=alg, headers={"kid": "example-kid", "typ": "JWT", **header}))


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.mark.parametrize(
    "case",
    ["expired", "not yet issued", "another audience", "tampered", "replayed", "no bearer", "unknown issuer", "tenant"],
)
def test_the_example_token_is_refused_whenever_a_check_fails(case: str) -> None:
    token, guard, audience = EXAMPLE["token"], _guard(), SPEC_AUDIENCE
    if case == "expired":
        guard = _guard(now=EXAMPLE["payload"]["exp"] + 61)
    elif case == "not yet issued":
        guard = _guard(now=EXAMPLE["payload"]["iat"] - 61)
    elif case == "another audience":
        audience = "https://cds.example.org/cds-services/igflab-igf1"
    elif case == "tampered":
        head, _, sig = token.split(".")
        token = ".".join([head, _b64(EXAMPLE["payload"] | {"aud": audience, "tenant": "x"}), sig])
    elif case == "replayed":
        guard.verify(f"Bearer {token}", [audience])
    elif case == "no bearer":
        token = ""
    elif case == "unknown issuer":
        guard = ClientJwt(JwtSettings(issuers={"https://other.example/": EXAMPLE["jwks"]}, clock=lambda: WHILE_VALID))
    elif case == "tenant":
        guard = _guard(tenants=frozenset({"another-tenant"}))
    _refused(guard, f"Bearer {token}" if token else None, audience)


def test_a_token_with_no_signature_or_a_shared_secret_is_refused() -> None:
    claims = EXAMPLE["payload"]
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': 'example-kid'})}.{_b64(claims)}."
    _refused(_guard(), f"Bearer {unsigned}")
    # HS384 keyed with the public key's x coordinate: the classic algorithm confusion.
    secret = EXAMPLE["jwks"]["keys"][0]["x"].encode()
    hmac = jwt.encode(claims, secret, algorithm="HS384", headers={"kid": "example-kid", "typ": "JWT"})
    _refused(_guard(), f"Bearer {hmac}")


def test_a_token_without_kid_typ_or_jti_is_refused() -> None:
    claims = {**EXAMPLE["payload"], "exp": WHILE_VALID + 300}
    _refused(_guard(), f"Bearer {_sign(claims, typ='at+jwt')}")
    _refused(_guard(), f"Bearer {_sign(claims, kid='another-kid')}")
    _refused(_guard(), f"Bearer {_sign({k: v for k, v in claims.items() if k != 'jti'})}")


def _app(**jwt_extra: Any) -> Any:
    return cds_client(CdsSettings(jwt=JwtSettings(issuers={ISSUER: EXAMPLE["jwks"]}, **jwt_extra)))


def _token(audience: str, jti: str) -> str:
    import time

    now = int(time.time())
    claims = {"iss": ISSUER, "aud": audience, "exp": now + 300, "iat": now, "jti": jti}
    return _sign(claims)


def test_with_jwts_on_every_cds_call_needs_a_token_for_its_own_url() -> None:
    client = _app()
    request = hook_request({"patient": PATIENT, "igf1": search(observation(150.0, "ng/mL", "2026-02-01"))})
    refused = client.post(SERVICE, json=request)
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert refused.json() == {"code": "unauthorized", "field": None, "message": "the request is not authorised"}
    ok = client.post(
        SERVICE, json=request, headers={"Authorization": f"Bearer {_token('http://testserver' + SERVICE, 'a')}"}
    )
    assert ok.status_code == 200
    assert client.get("/cds-services").status_code == 401
    discovery = {"Authorization": f"Bearer {_token('http://testserver/cds-services', 'b')}"}
    assert client.get("/cds-services", headers=discovery).status_code == 200
    wrong = {"Authorization": f"Bearer {_token('http://testserver/cds-services', 'c')}"}
    assert client.post(SERVICE, json=request, headers=wrong).status_code == 401
    feedback = load(SPEC / "feedback-overridden.json")
    for k, aud in enumerate((SERVICE, f"{SERVICE}/feedback")):
        head = {"Authorization": f"Bearer {_token('http://testserver' + aud, f'd{k}')}"}
        assert client.post(f"{SERVICE}/feedback", json=feedback, headers=head).status_code == 200
    assert client.get("/").status_code == 200  # the page and the API are not CDS calls


def test_the_audience_is_the_public_url_when_one_is_set() -> None:
    client = _app(public_url="https://cds.example.org/")
    request = hook_request({"igf1": None})
    head = {"Authorization": f"Bearer {_token('https://cds.example.org' + SERVICE, 'p')}"}
    assert client.post(SERVICE, json=request, headers=head).status_code == 200
    behind = {"Authorization": f"Bearer {_token('http://testserver' + SERVICE, 'q')}"}
    assert client.post(SERVICE, json=request, headers=behind).status_code == 401


PREFLIGHT = {
    "Origin": "https://sandbox.cds-hooks.org",
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type,authorization",
}


def test_the_preflight_is_answered_for_any_origin_by_default() -> None:
    client = cds_client(CdsSettings())
    answer = client.options(SERVICE, headers=PREFLIGHT)
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert {"GET", "POST", "OPTIONS"} <= {m.strip() for m in answer.headers["access-control-allow-methods"].split(",")}
    assert {"authorization", "content-type"} <= {
        h.strip().lower() for h in answer.headers["access-control-allow-headers"].split(",")
    }
    assert "access-control-allow-credentials" not in answer.headers
    # The answers themselves carry the header too, errors (here 412) included.
    for method, path, body in (("get", "/cds-services", None), ("post", SERVICE, hook_request({}))):
        reply = client.request(method, path, json=body, headers={"Origin": PREFLIGHT["Origin"]})
        assert reply.headers["access-control-allow-origin"] == "*"
    assert client.post(SERVICE, json=hook_request({}), headers={"Origin": "https://x.example"}).status_code == 412


def test_the_preflight_is_answered_without_a_jwt_when_jwts_are_on() -> None:
    assert _app().options(SERVICE, headers=PREFLIGHT).status_code == 200


def test_configured_origins_only() -> None:
    client = cds_client(CdsSettings(cors_origins=("https://sandbox.cds-hooks.org",)))
    assert client.options(SERVICE, headers=PREFLIGHT).headers["access-control-allow-origin"] == PREFLIGHT["Origin"]
    other = client.options(SERVICE, headers=PREFLIGHT | {"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    none = cds_client(CdsSettings(cors_origins=()))
    assert (
        "access-control-allow-origin" not in none.get("/cds-services", headers={"Origin": "https://x.example"}).headers
    )


def test_feedback_on_a_card_the_service_gave_is_logged_without_the_users_comment(caplog: Any) -> None:
    client = cds_client(CdsSettings())
    request = hook_request({"patient": PATIENT, "igf1": search(observation(150.0, "ng/mL", "2026-02-01"))})
    (card,) = client.post(SERVICE, json=request).json()["cards"]
    body = load(SPEC / "feedback-override-reason.json")
    body["feedback"][0]["card"] = card["uuid"]
    with caplog.at_level(logging.INFO, logger="igflab.cds"):
        answer = client.post(f"{SERVICE}/feedback", json=body)
    assert answer.status_code == 200
    assert answer.json() == {"received": 1}
    (record,) = caplog.records
    assert card["uuid"] in record.getMessage()
    assert "overridden" in record.getMessage()
    assert "d7ecf885" in record.getMessage()
    assert "A comment entered by the clinician" not in record.getMessage()


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ({"outcome": "maybe"}, "feedback[0].outcome"),
        ({"outcome": "accepted"}, "feedback[0].acceptedSuggestions"),
        ({"overrideReason": {}}, "feedback[0].overrideReason"),
        ({"card": ""}, "feedback[0].card"),
        ({"outcomeTimestamp": None}, "feedback[0].outcomeTimestamp"),
    ],
)
def test_feedback_the_spec_does_not_allow_is_400_naming_the_field(entry: dict[str, Any], field: str) -> None:
    good = load(SPEC / "feedback-overridden.json")["feedback"][0]
    answer = cds_client(CdsSettings()).post(f"{SERVICE}/feedback", json={"feedback": [good | entry]})
    assert answer.status_code == 400
    assert answer.json()["field"] == field


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"feedback": []}'])
def test_feedback_that_is_not_a_feedback_object_is_400(body: bytes) -> None:
    answer = cds_client(CdsSettings()).post(f"{SERVICE}/feedback", content=body)
    assert answer.status_code == 400
    assert set(answer.json()) == {"code", "field", "message"}
