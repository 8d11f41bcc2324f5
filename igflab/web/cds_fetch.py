"""Reading FHIR resources from the client's FHIR server when the prefetch does not hold them.

Only a ``fhirServer`` on the settings' allow-list is ever called (an arbitrary URL in a request
makes the service call nothing), with the request's ``fhirAuthorization`` access token as a bearer
token, without following redirects or using proxy settings from the environment, within a time
limit for the whole exchange and a size limit on the body. Anything else than a 200 JSON answer
of the expected resource type is "could not fetch": the caller answers 412.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx

from igflab._version import __version__

from .cds_settings import CdsSettings

__all__ = ["FetchFailed", "FhirFetcher"]


class FetchFailed(Exception):
    """The FHIR server could not give the resource (the message says why, without the token)."""


class FhirFetcher:
    """GET requests to one allow-listed FHIR server for one hook call."""

    def __init__(self, settings: CdsSettings, fhir_server: str | None, access_token: str | None) -> None:
        self.settings = settings
        self.base = settings.may_fetch(fhir_server) if fhir_server else None
        self._token = access_token
        if fhir_server is None:
            self.refusal = "the request gives no fhirServer"
        elif self.base is None:
            self.refusal = "this service fetches only from the FHIR servers it is configured for"
        else:
            self.refusal = ""

    def get(self, path: str, params: dict[str, str] | None, resource_type: str) -> dict[str, Any]:
        """The JSON resource at ``<base>/<path>`` (of ``resource_type``), or :class:`FetchFailed`."""
        if self.base is None:
            raise FetchFailed(self.refusal)
        headers = {"Accept": "application/fhir+json", "User-Agent": f"igflab/{__version__}"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        body = self._read(f"{self.base}/{path}", params, headers)
        try:
            data = json.loads(body)
        except ValueError:
            raise FetchFailed(f"the FHIR server's answer to {path} is not JSON") from None
        if not isinstance(data, dict) or data.get("resourceType") != resource_type:
            raise FetchFailed(f"the FHIR server's answer to {path} is not a {resource_type}")
        return data

    def _read(self, url: str, params: dict[str, str] | None, headers: dict[str, str]) -> bytes:
        limit, timeout = self.settings.fetch_limit, self.settings.fetch_timeout
        deadline = time.monotonic() + timeout
        chunks: list[bytes] = []
        try:
            with (
                httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client,
                client.stream("GET", url, params=params, headers=headers) as answer,
            ):
                if answer.status_code != 200:
                    raise FetchFailed(f"the FHIR server answered HTTP {answer.status_code}")
                declared = answer.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise FetchFailed(f"the FHIR server's answer is larger than {limit:,} bytes")
                seen = 0
                for chunk in answer.iter_bytes():
                    seen += len(chunk)
                    if seen > limit:
                        raise FetchFailed(f"the FHIR server's answer is larger than {limit:,} bytes")
                    if time.monotonic() > deadline:
                        raise FetchFailed(f"the FHIR server took longer than {timeout:g} s")
                    chunks.append(chunk)
        except httpx.TimeoutException:
            raise FetchFailed(f"the FHIR server took longer than {timeout:g} s") from None
        except httpx.HTTPError as exc:
            raise FetchFailed(f"the FHIR server could not be reached ({type(exc).__name__})") from None
        return b"".join(chunks)
