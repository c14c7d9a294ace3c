"""Fetch stage: an HTTP client that behaves under real faults (httpx underneath).

Timeouts on every request; retries with exponential backoff on 429, 5xx, a timeout or a dropped
connection, waiting as long as `Retry-After` asks (within a bound); a polite pause between
requests; a `User-Agent` naming the project; OData pages followed through `@odata.nextLink` to the
end (only within the API's own address); files written beside their target and renamed only when
whole and of the stated length. Every failure is a `FetchError` with a message for a person.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin

import httpx

USER_AGENT = "kamervragen-fetch/0.1 (a static archive of answered Kamervragen; python-httpx)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
CHUNK = 64 * 1024
T = TypeVar("T")
PART = ".part"  # a download in progress: `.<name>.part` beside its target, never a letter's name


class FetchError(Exception):
    """A request that failed for good: what was asked and what went wrong, for a person."""


@dataclass(frozen=True, slots=True)
class Policy:
    timeout: float = 30.0  # seconds without an answer (connect, each read) before a try counts as failed
    tries: int = 5  # in all, the first included
    backoff: float = 1.0  # seconds before the second try; doubled for each further one
    max_wait: float = 120.0  # the longest a Retry-After is honoured; beyond it the request fails
    interval: float = 0.5  # seconds between the starts of two requests (the polite rate: 2 a second)
    max_pages: int = 10_000  # a nextLink chain longer than this is a server's loop


class Client:
    """Requests to one OData service root; `sleep` and `clock` are given by tests and benchmarks."""

    def __init__(
        self,
        root: str,
        policy: Policy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.root = root if root.endswith("/") else root + "/"
        self.policy = policy or Policy()
        self.sleep, self.clock = sleep, clock
        self.last_start: float | None = None
        self.requests = 0  # sent, retries included
        self.http = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,  # a redirect elsewhere is not followed blindly
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        return urljoin(self.root, path)

    def json(self, url: str, params: Mapping[str, str] | None = None) -> dict[str, Any]:
        """One JSON object (an OData page or entity)."""
        response = self._send(url, params)
        try:
            data = json.loads(response.content)
        except ValueError as error:
            raise FetchError(f"{_shown(response.request.url)}: the answer is no JSON ({error})") from None
        if not isinstance(data, dict):
            raise FetchError(f"{_shown(response.request.url)}: the answer is no JSON object")
        return data

    def pages(self, path: str, params: Mapping[str, str]) -> Iterator[list[dict[str, Any]]]:
        """The items of an OData collection, a page at a time, through `@odata.nextLink` to the last."""
        url: str | None = self.url(path)
        seen: set[str] = set()
        query: Mapping[str, str] | None = params
        while url is not None:
            if len(seen) >= self.policy.max_pages or url in seen:
                raise FetchError(f"{_shown(url)}: the pages do not end (a nextLink repeats or runs past {len(seen)})")
            seen.add(url)
            page = self.json(url, query)
            items = page.get("value")
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                raise FetchError(f"{_shown(url)}: an OData page without a 'value' list of objects")
            yield items
            url, query = self._next(url, page.get("@odata.nextLink")), None  # the link carries the query

    def _next(self, url: str, link: object) -> str | None:
        if link is None:
            return None
        if not isinstance(link, str):
            raise FetchError(f"{_shown(url)}: @odata.nextLink is no address")
        absolute = urljoin(url, link)
        if not absolute.startswith(self.root):
            raise FetchError(f"{_shown(url)}: @odata.nextLink leads outside the service ({_shown(absolute)})")
        return absolute

    def download(self, url: str, target: Path, length: int | None) -> int:
        """The file at `url` into `target`, whole or not at all: written to `.<name>.part` beside it
        and renamed once complete and `length` bytes long (when the Kamer states a length)."""
        partial = target.with_name(f".{target.name}{PART}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            size = self._retrying(url, lambda: self._stream(url, partial, length))
            os.replace(partial, target)
            return size
        finally:
            partial.unlink(missing_ok=True)

    def _stream(self, url: str, partial: Path, length: int | None) -> int:
        self._pause()
        size = 0
        with self.http.stream("GET", url) as response:
            self._check(response)
            with partial.open("wb") as out:
                for chunk in response.iter_bytes(CHUNK):
                    size += len(chunk)
                    if length is not None and size > length:
                        break
                    out.write(chunk)
        if length is not None and size != length:
            raise _Retry(f"{_shown(url)}: {size} bytes received, {length} stated (ContentLength)")
        return size

    def _send(self, url: str, params: Mapping[str, str] | None) -> httpx.Response:
        def once() -> httpx.Response:
            self._pause()
            response = self.http.get(url, params=params)
            self._check(response)
            return response

        return self._retrying(url, once)

    def _retrying(self, url: str, attempt: Callable[[], T]) -> T:
        """`attempt` until it succeeds, waiting between tries; the last failure as a FetchError."""
        problem = ""
        for number in range(1, self.policy.tries + 1):
            try:
                return attempt()
            except _Retry as retry:
                problem, wait = str(retry), retry.wait
            except httpx.TimeoutException:
                problem, wait = f"{_shown(url)}: no answer within {self.policy.timeout:g} s", None
            except httpx.TransportError as error:  # refused, reset, cut off
                problem, wait = f"{_shown(url)}: {type(error).__name__}: {error}", None
            if number == self.policy.tries:
                break
            delay = self.policy.backoff * 2 ** (number - 1) if wait is None else wait
            if delay > self.policy.max_wait:
                raise FetchError(f"{problem}; the server asks to wait {delay:g} s, more than {self.policy.max_wait:g}")
            self.sleep(delay)
        raise FetchError(f"{problem} ({self.policy.tries} tries)")

    def _check(self, response: httpx.Response) -> None:
        if response.status_code in RETRY_STATUS:
            response.read()
            wait = retry_after(response.headers.get("Retry-After"), datetime.now(UTC))
            raise _Retry(f"{_shown(response.request.url)}: HTTP {response.status_code}", wait)
        if response.status_code != 200:
            raise FetchError(f"{_shown(response.request.url)}: HTTP {response.status_code}")

    def _pause(self) -> None:
        """The polite rate: a request starts `interval` seconds after the one before, at the earliest."""
        now = self.clock()
        if self.last_start is not None:
            rest = self.last_start + self.policy.interval - now
            if rest > 0:
                self.sleep(rest)
                now += rest
        self.last_start = now
        self.requests += 1


class _Retry(Exception):
    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a `Retry-After` header asks for (a number or an HTTP date); None when it says nothing."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _shown(url: object) -> str:
    """An address for a message: whole, but never longer than a line."""
    text = str(url)
    return text if len(text) <= 200 else text[:197] + "…"
