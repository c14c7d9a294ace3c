"""`kamervragen fetch` against a server of our own on 127.0.0.1 (tests/opendata_server.py): the records
and files it writes, reruns, and each fault of a real network."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from kamervragen.fetch.client import Client, FetchError, Policy, retry_after
from kamervragen.fetch.opendata import aanhangsel_id, subject
from kamervragen.fetch.record import RecordError, parse_record, to_json
from kamervragen.fetch.run import Outcome, Progress, fetch
from kamervragen.fetch.state import read_state

from .opendata_server import DOCX, Server, serve, three_zaken

SCHEMA = json.loads((Path(__file__).parent.parent / "src/kamervragen/data/zaak.schema.json").read_text("utf-8"))
SINCE = datetime(2020, 1, 1, tzinfo=UTC)
ZAKEN = ("2023Z20123", "2024Z11889", "2025Z01234")


@pytest.fixture
def server() -> Iterator[Server]:
    with serve(three_zaken(), page_size=2, delay=1.0) as running:
        yield running


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(server: Server, sleeps: Sleeps | None = None, tries: int = 5) -> Client:
    policy = Policy(interval=0.0, timeout=0.3, backoff=0.01, tries=tries)
    return Client(server.root, policy, sleep=sleeps if sleeps is not None else Sleeps())


def run(server: Server, root: Path, since: datetime | None = SINCE, tries: int = 5) -> Outcome:
    (root / "content").mkdir(exist_ok=True)
    with client(server, tries=tries) as http:
        return fetch(root / "content", http, root / "state.json", since, progress=Progress(io.StringIO()))


def downloads(server: Server) -> list[str]:
    return [path for path, *_ in server.log if path.endswith("/resource")]


def letters(root: Path) -> Path:
    return root / "content" / "letters"


def test_a_fetch_writes_the_three_zaken_and_their_records(server: Server, tmp_path: Path) -> None:
    outcome = run(server, tmp_path)
    assert (outcome.zaken, outcome.documents, outcome.downloaded, outcome.records) == (3, 6, 6, 3)
    assert sorted(p.name for p in letters(tmp_path).iterdir()) == list(ZAKEN)
    for number in ZAKEN:
        text = (letters(tmp_path) / number / "zaak.json").read_text("utf-8")
        jsonschema.validate(json.loads(text), SCHEMA)
        assert to_json(parse_record(text)) == text  # stable: read back and written, the same bytes
        assert list(json.loads(text)) == sorted(json.loads(text))
    for zaak in server.store.zaken:
        for document in zaak["Document"]:
            extension = "docx" if document["ContentType"] == DOCX else "pdf"
            written = letters(tmp_path) / zaak["Nummer"] / f"{document['DocumentNummer']}.{extension}"
            assert written.read_bytes() == server.store.files[document["Id"]]
    record = parse_record((letters(tmp_path) / "2023Z20123" / "zaak.json").read_text("utf-8"))
    assert [(d.number, d.kind, d.date, d.aanhangsel) for d in record.documents] == [
        ("2023D50001", "vragen", "2023-12-13", ""),
        ("2024D00501", "mededeling", "2024-01-05", "ah-tk-20232024-701"),
        ("2024D03001", "antwoord", "2024-01-26", "ah-tk-20232024-878"),
    ]
    assert record.documents[2].reference == "2024-0000012345"
    assert [(a.name, a.party) for a in record.askers] == [("Inge van Dijk", "CDA")]
    assert record.addressees == ("staatssecretaris van Binnenlandse Zaken en Koninkrijksrelaties",)
    assert (record.submitted, record.subject) == (
        "2023-12-13",
        "Het bericht «Ombudsman: Overheid dwingt burgers tot fraude»",
    )
    first = parse_record((letters(tmp_path) / "2024Z11889" / "zaak.json").read_text("utf-8"))
    assert [a.name for a in first.askers] == ["Van Nispen", "Mutluer"]  # Indiener, then Medeindiener
    assert first.subject == "een politiehond die bij een arrestatie werd neergeschoten"
    assert any("%24skip=2" in query for _, query, *_ in server.log)  # paged through @odata.nextLink
    assert not list(tmp_path.rglob("*.part"))


def test_a_rerun_downloads_nothing_and_writes_the_same_bytes(server: Server, tmp_path: Path) -> None:
    run(server, tmp_path)
    written = {p: p.read_bytes() for p in letters(tmp_path).rglob("*") if p.is_file()}
    asked = len(downloads(server))
    again = run(server, tmp_path, since=None)  # since the last run: nothing changed
    assert (again.zaken, again.downloaded, again.records) == (0, 0, 0)
    forced = run(server, tmp_path)  # everything listed again: each file still whole and unchanged
    assert (forced.zaken, forced.downloaded, forced.records) == (3, 0, 0)
    assert len(downloads(server)) == asked
    assert {p: p.read_bytes() for p in letters(tmp_path).rglob("*") if p.is_file()} == written
    changed = server.store.document("2024D31001")
    # a new version upstream (after this run: the clock is real) is fetched again
    changed["GewijzigdOp"] = "2099-06-01T12:00:00+02:00"
    assert run(server, tmp_path, since=None).downloaded == 1


def test_a_503_then_success_honours_retry_after(server: Server, tmp_path: Path) -> None:
    server.retry_after = "3"
    server.faults.add("Zaak", "503")
    server.faults.add("resource:2025D04001", "429")
    sleeps = Sleeps()
    (tmp_path / "content").mkdir()
    with client(server, sleeps) as http:
        outcome = fetch(tmp_path / "content", http, tmp_path / "state.json", SINCE, progress=Progress(io.StringIO()))
    assert outcome.downloaded == 6
    assert sleeps == [3.0, 3.0]  # as the server asked, twice
    server.faults.add("Zaak", "503")
    server.retry_after = "600"  # longer than a fetch waits: reported, not slept
    with client(server, sleeps) as http, pytest.raises(FetchError, match="asks to wait 600 s"):
        fetch(tmp_path / "content", http, tmp_path / "state.json", SINCE, progress=Progress(io.StringIO()))


def test_retry_after_as_seconds_or_a_date() -> None:
    now = datetime(2025, 3, 31, 12, 0, 0, tzinfo=UTC)
    assert retry_after("7", now) == 7.0
    assert retry_after("Mon, 31 Mar 2025 12:00:30 GMT", now) == 30.0
    assert retry_after("soon", now) is None
    assert retry_after(None, now) is None


def test_a_timeout_is_retried_with_backoff_and_reported_when_it_persists(server: Server, tmp_path: Path) -> None:
    server.faults.add("resource:2024D31001", "timeout")
    sleeps = Sleeps()
    (tmp_path / "content").mkdir()
    with client(server, sleeps) as http:
        outcome = fetch(tmp_path / "content", http, tmp_path / "state.json", SINCE, progress=Progress(io.StringIO()))
    assert outcome.downloaded == 6
    assert sleeps == [0.01]  # the first backoff
    server.faults.add("Document", "timeout", times=3)
    with client(server, sleeps, tries=3) as http, pytest.raises(FetchError) as failure:
        fetch(tmp_path / "content", http, tmp_path / "other.json", SINCE, progress=Progress(io.StringIO()))
    assert "no answer within 0.3 s (3 tries)" in str(failure.value)
    assert sleeps[1:] == [0.01, 0.02]  # doubled


def test_a_cut_off_download_is_retried_and_never_left_half(server: Server, tmp_path: Path) -> None:
    server.faults.add("resource:2024D03001", "cut")
    outcome = run(server, tmp_path)
    pdf = letters(tmp_path) / "2023Z20123" / "2024D03001.pdf"
    assert outcome.downloaded == 6
    assert pdf.read_bytes() == server.store.files[server.store.document("2024D03001")["Id"]]
    pdf.unlink()
    (letters(tmp_path) / "2023Z20123" / "zaak.json").unlink()
    server.faults.add("resource:2024D03001", "cut", times=2)
    with pytest.raises(FetchError, match=r"2 tries"):
        run(server, tmp_path, tries=2)
    assert not pdf.exists()
    assert not (letters(tmp_path) / "2023Z20123" / "zaak.json").exists()  # the record comes with its files
    assert not list(tmp_path.rglob("*.part"))
    assert run(server, tmp_path, since=None).downloaded == 1  # the next run finishes it


def test_a_malformed_page_is_a_clear_error_and_the_next_run_goes_on(server: Server, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    server.faults.add("Zaak", "malformed")
    result = _cli(server, tmp_path, "--since", "2020-01-01")
    assert result.returncode == 1
    assert "kamervragen: error: " in result.stderr
    assert "the answer is no JSON" in result.stderr
    assert "Traceback" not in result.stderr
    assert _cli(server, tmp_path).returncode == 0  # resumes the run asked before
    assert len(list(letters(tmp_path).rglob("zaak.json"))) == 3


def test_an_interrupted_fetch_leaves_no_partial_file_and_finishes_on_the_next_run(
    server: Server, tmp_path: Path
) -> None:
    (tmp_path / "content").mkdir()
    server.faults.add("resource:2024D31001", "stall")  # the second Zaak's answer, halfway
    process = _start(server, tmp_path, "--since", "2020-01-01")
    assert server.faults.stalled.wait(20)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=20)
    assert process.returncode == 130, stderr
    assert "resumes" in stderr
    assert not list(tmp_path.rglob("*.part"))
    assert not (letters(tmp_path) / "2024Z11889" / "2024D31001.docx").exists()
    assert not (letters(tmp_path) / "2024Z11889" / "zaak.json").exists()
    state, _ = read_state(tmp_path / "state.json")
    assert state.running
    assert state.done == ["2023Z20123"]
    (letters(tmp_path) / "2024Z11889" / ".2024D27001.docx.part").write_bytes(b"half")  # as a kill -9 leaves
    before = len(downloads(server))
    outcome = run(server, tmp_path, since=None)
    assert outcome.zaken == 2  # the Zaak done before is not asked again
    assert len(downloads(server)) - before == 2  # the stalled answer, the third Zaak's questions
    assert len(list(letters(tmp_path).rglob("zaak.json"))) == 3
    assert not list(tmp_path.rglob("*.part"))
    assert not read_state(tmp_path / "state.json")[0].running


def test_a_document_deleted_upstream_is_reported_and_its_file_kept(server: Server, tmp_path: Path) -> None:
    run(server, tmp_path)
    deleted = server.store.document("2024D00501")
    deleted.update(Verwijderd=True, GewijzigdOp="2099-06-01T12:00:00+02:00")
    outcome = run(server, tmp_path, since=None)
    assert any("2024D00501 was deleted upstream (Verwijderd)" in m and "kept" in m for m in outcome.messages)
    assert (letters(tmp_path) / "2023Z20123" / "2024D00501.docx").is_file()
    record = parse_record((letters(tmp_path) / "2023Z20123" / "zaak.json").read_text("utf-8"))
    assert [(d.number, d.deleted, d.file) for d in record.documents if d.deleted] == [
        ("2024D00501", True, "2024D00501.docx")
    ]


def test_a_file_no_reader_reads_is_reported_not_downloaded(server: Server, tmp_path: Path) -> None:
    server.store.document("2025D04001")["ContentType"] = "application/msword"
    outcome = run(server, tmp_path)
    assert any("2025D04001 (application/msword) is no Word (.docx) or PDF file" in m for m in outcome.messages)
    assert not list((letters(tmp_path) / "2025Z01234").glob("2025D*"))
    assert outcome.downloaded == 5


def test_a_polite_client_names_itself_and_keeps_its_pace(server: Server, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    with Client(server.root, Policy(interval=0.05)) as http:  # sleeping for real
        fetch(tmp_path / "content", http, tmp_path / "state.json", SINCE, progress=Progress(io.StringIO()))
    starts = [moment for *_, moment in server.log]
    # as the server saw them, from the second on (the first waits for its connection to be accepted)
    assert starts[-1] - starts[1] >= 0.05 * (len(starts) - 2) * 0.9
    assert all(agent.startswith("kamervragen-fetch/") for _, _, agent, _ in server.log)
    sleeps = Sleeps()
    with Client(server.root, Policy(interval=0.05), sleep=sleeps, clock=lambda: 100.0 + sum(sleeps)) as http:
        http.json(server.root + "Zaak")
        http.json(server.root + "Zaak")
        http.json(server.root + "Document")
    assert sleeps == pytest.approx([0.05, 0.05])  # each request after the first waits its turn


def test_a_next_link_outside_the_service_is_refused(server: Server) -> None:
    with client(server) as http, pytest.raises(FetchError, match="leads outside the service"):
        http._next(server.root + "Zaak", "http://127.0.0.2/elsewhere")


def test_only_the_named_zaken_with_zaak(server: Server, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    result = _cli(server, tmp_path, "--zaak", "2025Z01234")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in letters(tmp_path).iterdir()] == ["2025Z01234"]
    assert _cli(server, tmp_path, "--zaak", "2025-1234").returncode == 2
    assert _cli(server, tmp_path, "--since", "gisteren").returncode == 2


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_elsewhere() -> None:
    plain, bar = io.StringIO(), io.StringIO()
    for progress in (Progress(plain, bar=False), Progress(bar, bar=True)):
        progress.start(2)
        progress.zaak(1, "2025Z01234", Outcome(zaken=1, documents=3, downloaded=2))
        progress.close()
    assert "[1/2] 2025Z01234: 3 documents, 2 downloaded" in plain.getvalue()
    assert "1/2" in bar.getvalue()
    assert "3 documents" in bar.getvalue()
    assert "[1/2]" not in bar.getvalue()


def test_identifiers_as_the_open_data_documents_them() -> None:
    assert aanhangsel_id("2024-2025", "242501244") == "ah-tk-20242025-1244"
    assert aanhangsel_id("2023-2024", "232400878") == "ah-tk-20232024-878"
    assert aanhangsel_id("2024-2025", "") == ""
    assert subject("Vragen van het lid Kathmann over het bericht X") == "het bericht X"
    assert subject("Het bericht X") == "Het bericht X"


EMPTY_DOCUMENT = {"number": "2025D00001", "kind": "vragen", "date": "", "aanhangsel": "", "reference": "", "file": "",
                  "bytes": 0, "changed": "", "deleted": False}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"zaak": "2025-04271"}, "is not of the form"),
        ({"schema": 2}, "schema 2"),
        ({"extra": 1}, "does not know"),
        ({"askers": [{"name": "", "party": "D66"}]}, "no name"),
        ({"subject": "a\u0007b"}, "line of text"),
        ({"documents": [{**EMPTY_DOCUMENT, "kind": "brief"}]}, "kind"),
        ({"documents": [{**EMPTY_DOCUMENT, "file": "../../etc/passwd"}]}, "file"),
    ],
)
def test_a_record_against_its_schema_is_refused_as_the_schema_refuses_it(
    change: dict[str, object], problem: str
) -> None:
    good = json.loads(to_json(parse_record('{"schema": 1, "zaak": "2025Z04271"}')))
    jsonschema.validate(good, SCHEMA)
    bad = {**good, **change}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, SCHEMA)
    with pytest.raises(RecordError, match=problem):
        parse_record(json.dumps(bad))


def _command(server: Server, root: Path, *args: str) -> list[str]:
    command = [sys.executable, "-m", "kamervragen", "fetch", "--content", str(root / "content")]
    return [
        *command,
        "--state",
        str(root / "state.json"),
        "--api",
        server.root,
        "--interval",
        "0",
        "--timeout",
        "2",
        *args,
    ]


def _cli(server: Server, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CI": "true"}
    return subprocess.run(
        _command(server, root, *args), capture_output=True, text=True, env=environment, check=False, timeout=60
    )


def _start(server: Server, root: Path, *args: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "CI": "true"}
    return subprocess.Popen(
        _command(server, root, *args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
    )
