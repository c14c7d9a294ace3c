"""A small OData server on 127.0.0.1 shaped as the Tweede Kamer's (../shared/tk-opendata.md), with faults.

It answers exactly the requests `kamervragen fetch` makes (fetch/opendata.py), in the documented
shapes: collections as `{"@odata.context", "value": [...], "@odata.nextLink"}` with at most
`page_size` items a page (the Kamer's pages hold 250), the last page without `@odata.nextLink`;
entities with the documented field names; `Document(<Id>)/resource` with the file's bytes.
Assumed, as nothing documents it exactly: the `@odata.*` annotations of full metadata, a
`$skip` in the nextLink, expanded navigation properties as lists of entities, times as
`2025-03-31T10:00:00+02:00`. Its `$filter` understands only the clauses the client writes.

Faults on demand (`faults.add(route, fault, times)`): "503" (with Retry-After), "429", "timeout"
(answers after `delay` seconds), "cut" (half the file, then the connection closes), "malformed"
(a page that is no JSON), "stall" (half the file, then waits until released).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from .docx_fixtures import Letter

FIXTURES = Path(__file__).parent / "fixtures" / "corpus"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
ROOT_PATH = "/OData/v4/2.0/"


def guid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kamervragen-test:{name}"))


def docx(*paragraphs: str) -> bytes:
    letter = Letter()
    for text in paragraphs:
        letter.paragraph(text)
    return letter.bytes()


@dataclass
class Store:
    """The server's data: Zaak entities (with ZaakActor and Document lists) and files by Document Id."""

    zaken: list[dict[str, Any]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)

    def add_zaak(
        self,
        number: str,
        subject: str,
        started: str,
        changed: str,
        actors: list[tuple[str, str, str, str]],
    ) -> dict[str, Any]:
        """actors: (Relatie, ActorNaam, ActorFractie, Functie)."""
        zaak = {
            "Id": guid(number),
            "Nummer": number,
            "Soort": "Schriftelijke vragen",
            "Onderwerp": subject,
            "GestartOp": started,
            "Alias": None,
            "Afgedaan": False,
            "Vergaderjaar": "2024-2025",
            "Volgnummer": int(number[-5:]),
            "GewijzigdOp": changed,
            "Verwijderd": False,
            "ZaakActor": [
                {
                    "Id": guid(f"{number}:{name}:{relatie}"),
                    "Relatie": relatie,
                    "ActorNaam": name,
                    "ActorFractie": party or None,
                    "ActorAfkorting": None,
                    "Functie": function or None,
                    "GewijzigdOp": changed,
                    "Verwijderd": False,
                }
                for relatie, name, party, function in actors
            ],
            "Document": [],
        }
        self.zaken.append(zaak)
        return zaak

    def add_document(
        self,
        zaak: dict[str, Any],
        number: str,
        soort: str,
        date: str,
        data: bytes,
        content_type: str,
        aanhangsel: str = "",
        reference: str = "",
        vergaderjaar: str = "2024-2025",
    ) -> dict[str, Any]:
        document = {
            "Id": guid(number),
            "Soort": soort,
            "DocumentNummer": number,
            "Titel": soort,
            "Onderwerp": zaak["Onderwerp"],
            "Datum": f"{date}T00:00:00+01:00",
            "Vergaderjaar": vergaderjaar,
            "Volgnummer": int(number[-5:]),
            "Citeertitel": None,
            "Alias": None,
            "DatumRegistratie": f"{date}T12:00:00+01:00",
            "DatumOntvangst": None,
            "Aanhangselnummer": aanhangsel or None,
            "KenmerkAfzender": reference or None,
            "Organisatie": "Tweede Kamer der Staten-Generaal",
            "ContentType": content_type,
            "ContentLength": len(data),
            "GewijzigdOp": f"{date}T12:00:00+01:00",
            "ApiGewijzigdOp": f"{date}T12:00:05Z",
            "Verwijderd": False,
            "HuidigeDocumentVersie_Id": guid(number + ":versie"),
        }
        zaak["Document"].append(document)
        self.files[document["Id"]] = data
        zaak["GewijzigdOp"] = max(zaak["GewijzigdOp"], document["GewijzigdOp"])
        return document

    def document(self, number: str) -> dict[str, Any]:
        return next(d for z in self.zaken for d in z["Document"] if d["DocumentNummer"] == number)


def three_zaken() -> Store:
    """Questions and answer (a Word answer naming no askers); questions, postponement and answer
    (the answer a published PDF); questions only."""
    store = Store()
    first = store.add_zaak(
        "2024Z11889",
        "Vragen van het lid Van Nispen aan de minister van Justitie en Veiligheid over een politiehond"
        " die bij een arrestatie werd neergeschoten",
        "2024-07-04T10:00:00+02:00",
        "2024-07-04T10:00:00+02:00",
        [
            ("Indiener", "Van Nispen", "SP", ""),
            ("Medeindiener", "Mutluer", "GroenLinks-PvdA", ""),
            ("Gericht aan", "D. Yeşilgöz-Zegerius", "", "minister van Justitie en Veiligheid"),
        ],
    )
    questions = docx(
        "2024Z11889",
        "Vragen van de leden Van Nispen (SP) en Mutluer (GroenLinks-PvdA) aan de minister van Justitie en"
        " Veiligheid over een politiehond (ingezonden 4 juli 2024).",
        "Vraag 1",
        "Kent u de berichten over een agent die op een politiehond schoot?",
        "Vraag 2",
        "Hoe vaak gebeurt dit?",
    )
    store.add_document(first, "2024D27001", "Schriftelijke vragen", "2024-07-04", questions, DOCX)
    answer = (FIXTURES / "docx" / "2024Z11889.docx").read_bytes()
    store.add_document(
        first, "2024D31001", "Antwoord schriftelijke vragen", "2024-08-26", answer, DOCX,
        aanhangsel="232402201", reference="5512345", vergaderjaar="2023-2024",
    )  # fmt: skip
    second = store.add_zaak(
        "2023Z20123",
        "Het bericht «Ombudsman: Overheid dwingt burgers tot fraude»",
        "2023-12-13T09:00:00+01:00",
        "2023-12-13T09:00:00+01:00",
        [
            ("Indiener", "Inge van Dijk", "CDA", ""),
            ("Gericht aan", "A.C. van Huffelen", "", "staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties"),
        ],
    )
    questions = docx(
        "2023Z20123",
        "Vragen van het lid Inge van Dijk (CDA) aan de staatssecretaris van Binnenlandse Zaken en"
        " Koninkrijksrelaties over het bericht «Ombudsman: Overheid dwingt burgers tot fraude»"
        " (ingezonden 13 december 2023).",
        "Vraag 1",
        "Heeft u kennisgenomen van het bericht?",
    )
    store.add_document(
        second, "2023D50001", "Schriftelijke vragen", "2023-12-13", questions, DOCX, vergaderjaar="2023-2024"
    )
    notice = docx(
        "2023Z20123",
        "Mededeling van staatssecretaris Van Huffelen (Binnenlandse Zaken en Koninkrijksrelaties)"
        " (ontvangen 5 januari 2024)",
        "Op 13 december jl. heeft het lid Inge van Dijk (CDA) schriftelijke vragen gesteld over fraude.",
        "Vanwege de nodige afstemming kunnen de vragen niet binnen de gebruikelijke termijn van drie weken"
        " worden beantwoord.",
    )
    store.add_document(
        second, "2024D00501", "Mededeling (uitstel antwoord)", "2024-01-05", notice, DOCX,
        aanhangsel="232400701", vergaderjaar="2023-2024",
    )  # fmt: skip
    pdf = (FIXTURES / "pdf" / "ah-tk-20232024-878.pdf").read_bytes()
    store.add_document(
        second, "2024D03001", "Antwoord schriftelijke vragen", "2024-01-26", pdf, PDF,
        aanhangsel="232400878", reference="2024-0000012345", vergaderjaar="2023-2024",
    )  # fmt: skip
    third = store.add_zaak(
        "2025Z01234",
        "Drones boven kazernes",
        "2025-02-03T11:00:00+01:00",
        "2025-02-03T11:00:00+01:00",
        [
            ("Indiener", "Jansen", "D66", ""),
            ("Medeindiener", "De Vries", "VVD", ""),
            ("Gericht aan", "R.P. Brekelmans", "", "minister van Defensie"),
        ],
    )
    questions = docx(
        "2025Z01234",
        "Vragen van de leden Jansen (D66) en De Vries (VVD) aan de minister van Defensie over drones boven"
        " kazernes (ingezonden 3 februari 2025).",
        "Vraag 1",
        "Kent u het bericht over drones boven kazernes?",
        "Vraag 2",
        "Wat gaat u daaraan doen?",
    )
    store.add_document(third, "2025D04001", "Schriftelijke vragen", "2025-02-03", questions, DOCX)
    return store


def many(count: int, size: int = 2048) -> Store:
    """`count` Zaken of one small questions document each (for the benchmark)."""
    store = Store()
    data = (b"%PDF-1.4\n" + b"x" * size)[:size]
    for i in range(count):
        number = f"2025Z{10000 + i:05d}"
        zaak = store.add_zaak(number, f"Onderwerp {i}", "2025-02-03T11:00:00+01:00", "2025-02-03T11:00:00+01:00",
                              [("Indiener", f"Lid {i}", "D66", "")])  # fmt: skip
        store.add_document(zaak, f"2025D{10000 + i:05d}", "Schriftelijke vragen", "2025-02-03", data, PDF)
    return store


class Faults:
    """Faults to serve, per route ("Zaak", "Document", "resource", or "resource:<DocumentNummer>")."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.planned: dict[str, list[str]] = {}
        self.released = threading.Event()  # ends a "stall"
        self.stalled = threading.Event()  # set when a "stall" has begun

    def add(self, route: str, fault: str, times: int = 1) -> None:
        with self.lock:
            self.planned.setdefault(route, []).extend([fault] * times)

    def take(self, *routes: str) -> str:
        with self.lock:
            for route in routes:
                if self.planned.get(route):
                    return self.planned[route].pop(0)
        return ""


@dataclass
class Server:
    store: Store
    page_size: int = 250
    delay: float = 2.0  # a "timeout" fault answers this late
    retry_after: str = "0"
    faults: Faults = field(default_factory=Faults)
    log: list[tuple[str, str, str, float]] = field(default_factory=list)  # path, query, User-Agent, time
    root: str = ""


class _Handler(http.server.BaseHTTPRequestHandler):
    server_state: Server
    protocol_version = "HTTP/1.1"
    # headers and body go out as two writes: without TCP_NODELAY the second waits for the client's
    # delayed acknowledgement of the first (~40 ms a request on Linux)
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        state = self.server_state
        parts = urlsplit(self.path)
        state.log.append((parts.path, parts.query, self.headers.get("User-Agent", ""), time.monotonic()))
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        path = parts.path.removeprefix(ROOT_PATH)
        resource = re.fullmatch(r"Document\(([0-9a-f-]{36})\)/resource", path)
        if resource:
            self._file(resource[1])
            return
        if path not in ("Zaak", "Document"):
            self._send(404, b'{"error": {"message": "not found"}}', "application/json")
            return
        fault = state.faults.take(path)
        if self._fault(fault):
            return
        items = _zaken(state.store, query) if path == "Zaak" else _documents(state.store, query)
        self._page(path, items, query, fault == "malformed")

    def _fault(self, fault: str) -> bool:
        state = self.server_state
        if fault == "503":
            self._send(503, b"<html>Service Unavailable</html>", "text/html", {"Retry-After": state.retry_after})
        elif fault == "429":
            self._send(429, b"", "text/plain", {"Retry-After": state.retry_after})
        elif fault == "timeout":
            time.sleep(state.delay)
            return False  # then the answer, too late for a client that gave up
        else:
            return False
        return True

    def _page(self, path: str, items: list[dict[str, Any]], query: dict[str, str], malformed: bool) -> None:
        state = self.server_state
        skip = int(query.get("$skip", "0"))
        page = items[skip : skip + state.page_size]
        body: dict[str, Any] = {"@odata.context": f"{state.root}$metadata#{path}", "value": page}
        if skip + state.page_size < len(items):
            rest = {**query, "$skip": str(skip + state.page_size)}
            body["@odata.nextLink"] = f"{state.root}{path}?{urlencode(rest)}"
        data = json.dumps(body).encode()
        if malformed:
            data = data[: len(data) // 2]  # a page cut off by a proxy: no JSON
        self._send(200, data, "application/json; odata.metadata=full")

    def _file(self, identifier: str) -> None:
        state = self.server_state
        data = state.store.files.get(identifier)
        if data is None:
            self._send(404, b"", "text/plain")
            return
        document = next(d for z in state.store.zaken for d in z["Document"] if d["Id"] == identifier)
        fault = state.faults.take(f"resource:{document['DocumentNummer']}", "resource")
        if fault in ("503", "429", "timeout") and self._fault(fault):
            return
        if fault in ("cut", "stall"):
            self.send_response(200)
            self.send_header("Content-Type", document["ContentType"])
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            if fault == "stall":
                state.faults.stalled.set()
                state.faults.released.wait(20)
            self.close_connection = True
            return
        self._send(200, data, document["ContentType"])

    def _send(self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)


def _clause(text: str, pattern: str) -> list[str]:
    return re.findall(pattern, text)


def _time(text: str) -> str:
    """An Edm.DateTimeOffset in UTC for comparing: '2024-07-04T10:00:00+02:00' → '2024-07-04T08:00:00Z'."""
    from datetime import UTC, datetime  # noqa: PLC0415

    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _zaken(store: Store, query: dict[str, str]) -> list[dict[str, Any]]:
    condition = query.get("$filter", "")
    kinds = _clause(condition, r"Soort eq '([^']*)'")
    numbers = _clause(condition, r"Nummer eq '([^']*)'")
    since = _clause(condition, r"GewijzigdOp ge (\S+)")
    found = [
        z
        for z in store.zaken
        if (not kinds or z["Soort"] in kinds)
        and (not numbers or z["Nummer"] in numbers)
        and (not since or _time(z["GewijzigdOp"]) >= since[0])
        and not ("Verwijderd eq false" in condition and z["Verwijderd"])
    ]
    found.sort(key=lambda z: (_time(z["GewijzigdOp"]), z["Nummer"]))
    expand = query.get("$expand", "").split(",")
    return [
        _select({k: v for k, v in z.items() if k not in ("ZaakActor", "Document") or k in expand}, query) for z in found
    ]


def _documents(store: Store, query: dict[str, str]) -> list[dict[str, Any]]:
    condition = query.get("$filter", "")
    kinds = _clause(condition, r"Soort eq '([^']*)'")
    since = _clause(condition, r"GewijzigdOp ge (\S+)")
    found = [
        (d, z)
        for z in store.zaken
        for d in z["Document"]
        if (not kinds or d["Soort"] in kinds) and (not since or _time(d["GewijzigdOp"]) >= since[0])
    ]
    found.sort(key=lambda pair: (_time(pair[0]["GewijzigdOp"]), pair[0]["DocumentNummer"]))
    items = []
    for document, zaak in found:
        item = _select(dict(document), query)
        if query.get("$expand", "").startswith("Zaak"):
            item["Zaak"] = [{"Nummer": zaak["Nummer"], "Soort": zaak["Soort"]}]
        items.append(item)
    return items


def _select(item: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    fields = [f for f in query.get("$select", "").split(",") if f]
    kept = {k: v for k, v in item.items() if not fields or k in fields or k in ("ZaakActor", "Document")}
    kept["@odata.id"] = f"{'Document' if 'DocumentNummer' in item else 'Zaak'}({item['Id']})"
    if "ContentType" in item:  # full metadata: the document's file as its media resource
        kept["@odata.mediaReadLink"] = f"Document({item['Id']})/resource"
        kept["@odata.mediaContentType"] = item["ContentType"]
    return kept


@contextlib.contextmanager
def serve(store: Store, **options: Any) -> Iterator[Server]:
    """The server on 127.0.0.1 (a free port); `Server.root` is its OData service root."""
    state = Server(store, **options)
    handler = type("Handler", (_Handler,), {"server_state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    state.root = f"http://127.0.0.1:{server.server_address[1]}{ROOT_PATH}"
    thread = threading.Thread(target=functools.partial(server.serve_forever, 0.05), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.faults.released.set()
        server.shutdown()
        server.server_close()
