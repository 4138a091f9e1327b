"""`openai-compatible`: any Chat Completions endpoint (Mistral, OpenAI, Ollama, vLLM, LM Studio, llama.cpp).

Plain httpx, no SDK. Transient failures (429, 5xx, refused connections) are retried with
exponential backoff and jitter, honouring Retry-After; failures that a retry cannot fix (401,
404, a malformed or truncated answer) raise at once with a message that says what to change.
JSON output is requested and validated; token usage, cost and latency are recorded per call.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

from proofline.compose.providers.base import (
    AuthenticationError,
    BadRequestError,
    ComposeRequest,
    ComposeResult,
    MalformedOutputError,
    ModelNotFoundError,
    ProviderConfigError,
    ProviderConnectionError,
    ProviderError,
    ProviderStatus,
    ProviderTimeout,
    RateLimitError,
    ServerError,
    TruncatedOutputError,
    Usage,
)
from proofline.compose.settings import ProviderSettings

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = frozenset({408, 409, 425, 429, 500, 502, 503, 504})
_FENCE = re.compile(r"^\s*```(?:json)?\s*\n?(.*?)\n?```\s*$", re.DOTALL)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def parse_json_content(content: str) -> dict[str, Any]:
    """The JSON object a model returned, tolerating a Markdown code fence around it."""
    text = content.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    return data


class OpenAICompatibleProvider:
    """A Chat Completions client; one instance per configuration, safe to reuse across drafts."""

    name = "openai-compatible"

    def __init__(self, settings: ProviderSettings, *, sleep: Callable[[float], None] = time.sleep,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self._sleep = sleep
        self._transport = transport
        self._client: httpx.Client | None = None

    # ----------------------------------------------------------------------------- plumbing

    @property
    def model(self) -> str | None:
        return self.settings.model

    def _require_config(self) -> tuple[str, str]:
        s = self.settings
        missing = [name for name, value in (("PROOFLINE_BASE_URL (base_url)", s.base_url),
                                            ("PROOFLINE_MODEL (model)", s.model)) if not value]
        if missing:
            raise ProviderConfigError("compose.provider_incomplete", provider=self.name, missing=missing)
        assert s.base_url is not None and s.model is not None
        return s.base_url.rstrip("/"), s.model

    def _http(self) -> httpx.Client:
        import httpx

        if self._client is None:
            headers = {"Content-Type": "application/json", "User-Agent": "proofline"}
            if self.settings.api_key:
                headers["Authorization"] = f"Bearer {self.settings.api_key}"
            self._client = httpx.Client(timeout=httpx.Timeout(self.settings.timeout), headers=headers,
                                        transport=self._transport)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        s = self.settings
        if retry_after is not None:
            return min(retry_after, s.max_backoff)
        base = float(s.backoff) * (2 ** attempt)
        return float(min(base + random.uniform(0, s.backoff), s.max_backoff))

    def _error_detail(self, response: httpx.Response) -> str:
        try:
            data = response.json()
        except ValueError:
            return response.text[:200].strip()
        err = data.get("error") if isinstance(data, dict) else None
        if isinstance(err, dict):
            return str(err.get("message") or err)[:300]
        if isinstance(err, str):
            return err[:300]
        return str(data)[:200]

    def _post(self, path: str, payload: dict[str, Any], usage: Usage) -> dict[str, Any]:
        """POST with retries; returns the decoded JSON body of a 2xx answer."""
        import httpx

        base_url, model = self._require_config()
        url = f"{base_url}{path}"
        attempts = self.settings.max_retries + 1
        last: ProviderError | None = None
        for attempt in range(attempts):
            usage.calls += 1
            try:
                response = self._http().post(url, json=payload)
            except httpx.TimeoutException as exc:
                raise ProviderTimeout(
                    f"{url} did not answer within {self.settings.timeout:g} s ({type(exc).__name__}); raise "
                    f"`timeout` in .proofline/settings.toml or PROOFLINE_TIMEOUT, or use a faster model",
                    provider=self.name, attempts=attempt + 1) from exc
            except httpx.TransportError as exc:
                last = ProviderConnectionError(f"cannot reach {url}: {exc}; is the server running and "
                                               f"PROOFLINE_BASE_URL right?", provider=self.name,
                                               attempts=attempt + 1)
                if attempt + 1 < attempts:
                    self._sleep(self._delay(attempt, None))
                continue
            status = response.status_code
            if 200 <= status < 300:
                try:
                    body = response.json()
                except ValueError as exc:
                    raise MalformedOutputError(f"{url} answered {status} with a body that is not JSON: "
                                               f"{response.text[:120]!r}", provider=self.name,
                                               status=status, attempts=attempt + 1) from exc
                if not isinstance(body, dict):
                    raise MalformedOutputError(f"{url} answered with JSON that is not an object",
                                               provider=self.name, status=status, attempts=attempt + 1)
                return body
            detail = self._error_detail(response)
            if status in (401, 403):
                raise AuthenticationError(
                    f"{url} refused the request ({status}): {detail or 'unauthorised'}. Check PROOFLINE_API_KEY "
                    f"(or the variable named by api_key_env)" + ("" if self.settings.api_key else
                                                                   "; no key is set"),
                    provider=self.name, status=status, attempts=attempt + 1)
            if status == 404:
                raise ModelNotFoundError(
                    f"{url} answered 404 for model {model!r}: {detail or 'not found'}. Check PROOFLINE_MODEL "
                    f"and that PROOFLINE_BASE_URL ends with the API prefix (often /v1)",
                    provider=self.name, status=status, attempts=attempt + 1)
            if status in RETRY_STATUSES or status >= 500:
                cls = RateLimitError if status == 429 else ServerError
                last = cls(f"{url} answered {status} {detail!s}".strip() + f" after {attempt + 1} attempt(s)",
                           provider=self.name, status=status, attempts=attempt + 1)
                if attempt + 1 < attempts:
                    self._sleep(self._delay(attempt, retry_after_seconds(response.headers.get("retry-after"))))
                continue
            raise BadRequestError(f"{url} rejected the request ({status}): {detail}", provider=self.name,
                                  status=status, attempts=attempt + 1)
        assert last is not None
        raise last

    # ----------------------------------------------------------------------------- API

    def chat(self, messages: list[dict[str, str]], *, json_output: bool = True) -> tuple[str, Usage]:
        """One completion's text; raises TruncatedOutputError when the model hit its token limit."""
        _, model = self._require_config()
        s = self.settings
        payload: dict[str, Any] = {"model": model, "messages": messages, "temperature": s.temperature}
        if s.max_tokens:
            payload["max_tokens"] = s.max_tokens
        mode = s.structured_output if json_output else "none"
        if mode == "json_object":
            payload["response_format"] = {"type": "json_object"}
        elif mode == "json_schema":
            payload["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "proofline_answer", "schema": {"type": "object"}}}
        usage = Usage()
        started = time.perf_counter()
        try:
            try:
                body = self._post("/chat/completions", payload, usage)
            except BadRequestError as exc:
                # Some servers reject response_format: ask again with the instruction in the prompt only.
                if "response_format" not in payload or "response_format" not in str(exc).lower():
                    raise
                payload.pop("response_format")
                body = self._post("/chat/completions", payload, usage)
        finally:
            usage.latency_s = time.perf_counter() - started
        choices = body.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise MalformedOutputError("the reply has no choices[0]: not a Chat Completions answer",
                                       provider=self.name, attempts=usage.calls)
        choice = choices[0]
        message = choice.get("message") or {}
        content = message.get("content") if isinstance(message, dict) else None
        raw_usage: dict[str, Any] = body["usage"] if isinstance(body.get("usage"), dict) else {}
        usage.prompt_tokens = int(raw_usage.get("prompt_tokens") or 0)
        usage.completion_tokens = int(raw_usage.get("completion_tokens") or 0)
        usage.cost = s.cost(usage.prompt_tokens, usage.completion_tokens)
        if choice.get("finish_reason") == "length":
            raise TruncatedOutputError(
                f"the model stopped at its token limit ({usage.completion_tokens} completion tokens): the draft "
                f"is incomplete; raise max_tokens or ask for a shorter channel", provider=self.name,
                attempts=usage.calls)
        if not isinstance(content, str) or not content.strip():
            raise MalformedOutputError("the reply has no message content", provider=self.name, attempts=usage.calls)
        return content, usage

    def complete_json(self, messages: list[dict[str, str]], *,
                      required: tuple[str, ...] = ()) -> tuple[dict[str, Any], Usage]:
        """A completion parsed as a JSON object holding `required` keys."""
        content, usage = self.chat(messages, json_output=True)
        try:
            data = parse_json_content(content)
        except ValueError as exc:
            raise MalformedOutputError(f"the model's answer is not the JSON object asked for ({exc}): "
                                       f"{content[:120]!r}", provider=self.name, attempts=usage.calls) from exc
        missing = [k for k in required if k not in data]
        if missing:
            raise MalformedOutputError(f"the model's JSON lacks {', '.join(missing)}: {content[:120]!r}",
                                       provider=self.name, attempts=usage.calls)
        return data, usage

    def compose(self, request: ComposeRequest) -> ComposeResult:
        from proofline.compose.channels import limits
        from proofline.compose.citations import strip_citations
        from proofline.compose.offline_composer import within_limits
        from proofline.compose.prompts import build_messages

        data, usage = self.complete_json(build_messages(request), required=("text",))
        raw = data["text"]
        if not isinstance(raw, str) or not raw.strip():
            raise MalformedOutputError('the model\'s JSON has no draft in "text"', provider=self.name,
                                       attempts=usage.calls)
        cited = strip_citations(raw, request.passages, request.lang)
        text = cited.text.strip() + "\n"
        warnings = [f"no citation for: {s[:80]}" for s in cited.uncited]
        over = within_limits(text, request.channel, limits(request.kit, request.channel))
        if over:
            warnings.append("over the channel's limits: " + ", ".join(over))
        return ComposeResult(text=text, channel=request.channel, lang=request.lang, provider=self.name,
                             model=self.model, citations=cited.citations, usage=usage, raw_text=raw,
                             warnings=warnings)

    def status(self) -> ProviderStatus:
        """Reach GET /models (short timeout) and say whether the configured model is listed."""
        import httpx

        try:
            base_url, model = self._require_config()
        except ProviderConfigError as exc:
            return ProviderStatus(ok=False, message=str(exc), model=self.model)
        started = time.perf_counter()
        try:
            response = self._http().get(f"{base_url}/models", timeout=min(self.settings.timeout, 10.0))
        except httpx.HTTPError as exc:
            return ProviderStatus(ok=False, message=f"cannot reach {base_url}/models: {exc}", model=model)
        latency = time.perf_counter() - started
        if response.status_code in (401, 403):
            return ProviderStatus(ok=False, message=f"{base_url} refused the key ({response.status_code}); check "
                                  "PROOFLINE_API_KEY", model=model, latency_s=latency)
        if response.status_code >= 400:
            return ProviderStatus(ok=False, message=f"{base_url}/models answered {response.status_code}",
                                  model=model, latency_s=latency)
        try:
            listed = [m.get("id") for m in response.json().get("data", []) if isinstance(m, dict)]
        except (ValueError, AttributeError):
            listed = []
        if listed and model not in listed:
            return ProviderStatus(ok=False, message=f"model {model!r} is not served at {base_url}; available: "
                                  f"{', '.join(str(m) for m in listed[:8])}", model=model, latency_s=latency)
        return ProviderStatus(ok=True, message=f"reachable at {base_url}, model {model!r}"
                              + (" listed" if listed else ""), model=model, latency_s=latency)
