"""Open data writer: each Zaak as JSON, the archive as JSON Lines and as CSV (one row per question).

Pure functions of the archive. A Zaak's data is the CLI's JSON of each of its letters
(data/letter.schema.json) inside a small record of the Zaak (data/kamervraag.schema.json); the CSV
rows are read from that same record, so the three forms cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from ..writers.data import person_data
from ..writers.json import to_data
from .addresses import absolute, case_url_path
from .archive import Case
from .linkeddata import linked_data, script_json

SCHEMA_VERSION = 1
SCHEMAS = ("kamervraag.schema.json", "letter.schema.json")  # published beside the data
FOLDER = "open-data"  # the archive files and the schemas, on the site
JSONL = f"{FOLDER}/kamervragen.jsonl"
CSV = f"{FOLDER}/vragen.csv"
PAGE_DATA = "data.json"  # beside each Zaak's page: /2025Z04271/data.json
PAGE = "open-data.md"  # the page documenting it all
OPEN_DATA_PATHS = (JSONL, CSV, *(f"{FOLDER}/{name}" for name in SCHEMAS), PAGE)  # open_data_files' paths


def schema(name: str) -> str:
    return files("kamervragen").joinpath("data", name).read_text(encoding="utf-8")


def case_data(case: Case, site_url: str | None) -> dict[str, Any]:
    """The record of one Zaak (data/kamervraag.schema.json)."""
    return {
        "schema": SCHEMA_VERSION,
        "zaak": case.id,
        "url": absolute(case_url_path(case.id), site_url),
        "title": case.title,
        "status": case.status.value,
        "ministry": case.ministry,
        "askers": [person_data(p) for p in case.askers],
        "submitted": case.submitted,
        "answered": case.answered,
        "days_to_answer": case.days_to_answer,
        "postponed": case.postponed,
        "aanhangsel": case.aanhangsel,
        "document": case.document,
        "documents": [to_data(d.letter) for d in case.documents],
    }


def page_json(record: dict[str, Any]) -> str:
    """Compact, as its line in the JSON Lines file: a fifth smaller than indented, on every page."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


# --- CSV: one row per question --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    meaning: str  # shown on the Open data page
    value: Callable[[dict[str, Any], dict[str, Any], dict[str, Any]], object]  # (zaak, letter, question)


def _answer(letter: dict[str, Any], question: dict[str, Any]) -> str:
    """Every answer covering one of the question's numbers; an answer to several questions is
    given with each of them."""
    numbers = set(question["numbers"])
    return "\n\n".join(a["text"] for a in letter["answers"] if numbers & set(a["covers"]))


def _joined(values: Iterable[str]) -> str:
    return "; ".join(dict.fromkeys(v for v in values if v))


COLUMNS: tuple[Column, ...] = (
    Column("zaak", "Zaak number (`2025Z04271`), else the Aanhangsel id", lambda z, _, __: z["zaak"]),
    Column("number", "question number; the first of a joint question", lambda _, __, q: q["number"]),
    Column(
        "numbers",
        "every number of the question, `6; 7` for Vragen 6 en 7",
        lambda _, __, q: _joined(map(str, q["numbers"])),
    ),
    Column("question", "the question as written; footnote marks read `[n]`", lambda _, __, q: q["text"]),
    Column("answer", "the (first) answer to it; empty while unanswered", lambda _, letter, q: _answer(letter, q)),
    Column("askers", "members who asked, `; ` between names", lambda z, _, __: _joined(a["name"] for a in z["askers"])),
    Column("parties", "their parties, each once", lambda z, _, __: _joined(a.get("party", "") for a in z["askers"])),
    Column("ministry", "the answering ministry", lambda z, _, __: z["ministry"]),
    Column("submitted", "date the questions were submitted (ISO 8601)", lambda z, _, __: z["submitted"]),
    Column("answered", "date of the answer (ISO 8601)", lambda z, _, __: z["answered"]),
    Column("days_to_answer", "days from submission to answer", lambda z, _, __: z["days_to_answer"]),
    Column("status", "`beantwoord`, `uitgesteld` or `nog niet beantwoord`", lambda z, _, __: z["status"]),
    Column("aanhangsel", "Aanhangsel Handelingen id, when known", lambda z, _, __: z["aanhangsel"]),
    Column(
        "url", "the question's permanent link", lambda z, _, q: f"{z['url']}#{q['anchor']}" if q["anchor"] else z["url"]
    ),
)


def _questions_letter(record: dict[str, Any]) -> dict[str, Any] | None:
    """The letter whose questions a Zaak's rows list: its (first) answer, else the first letter that
    lists them (the questions as submitted, or a notice that quotes them)."""
    letters = [d for d in record["documents"] if d["questions"]]
    return next((d for d in letters if d["kind"] == "antwoord"), letters[0] if letters else None)


def csv_rows(record: dict[str, Any]) -> list[list[object]]:
    letter = _questions_letter(record)
    if letter is None:
        return []
    return [[spreadsheet_safe(c.value(record, letter, q)) for c in COLUMNS] for q in letter["questions"]]


# A cell that opens with one of these is a formula to a spreadsheet (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula ("=HYPERLINK(…)", "+cmd|…", "-2+3",
    "@SUM(…)") gets a leading apostrophe, as OWASP advises: shown as text, the formula never runs."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence[object]], header: bool = True) -> str:
    """The CSV of rows made by csv_rows, under its header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    if header:
        writer.writerow([c.name for c in COLUMNS])
    writer.writerows(rows)
    return out.getvalue()


# --- what one Zaak publishes, and the archive files -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Published:
    """What the site publishes of one Zaak beside its page, as UTF-8: compact (a str with one
    character beyond Latin-1, a curly quote, takes two bytes for every character), and not a tree
    of objects the garbage collector walks through while MkDocs renders thousands of pages."""

    data: bytes  # /<zaak>/data.json, and its line of the JSON Lines file
    csv: bytes  # its rows of the CSV, without the header
    rows: int  # how many
    jsonld: bytes  # schema.org description for the page's head, safe inside <script>
    newest: str  # ISO date of its newest letter: the page's date in the sitemap


def published(case: Case, site_name: str, site_url: str | None) -> Published:
    record = case_data(case, site_url)
    newest = max(day for d in record["documents"] for day in (d["date"], d["submitted"]))
    jsonld = script_json(linked_data(record, site_name, site_url)).encode()
    rows = csv_rows(record)
    return Published(page_json(record).encode(), csv_text(rows, header=False).encode(), len(rows), jsonld, newest)


def open_data_files(items: Sequence[Published]) -> dict[str, str | bytes]:
    """The archive files, the schemas and the page documenting them, by path."""
    rows = sum(item.rows for item in items)
    data: dict[str, str | bytes] = {
        JSONL: b"".join(item.data for item in items),
        CSV: csv_text(()).encode() + b"".join(item.csv for item in items),
    }
    data.update({f"{FOLDER}/{name}": schema(name) for name in SCHEMAS})
    sizes = {path: len(text.encode() if isinstance(text, str) else text) for path, text in data.items()}
    return {**data, PAGE: open_data_page(len(items), rows, sizes)}


# --- the Open data page ---------------------------------------------------------------------------


def _schema_table(name: str) -> str:
    properties = json.loads(schema(name))["properties"]
    lines = ["| veld | betekenis |", "| --- | --- |"]
    lines += [f"| `{field}` | {spec.get('description', '')} |" for field, spec in properties.items()]
    return "\n".join(lines)


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB".replace(".", ",") if size >= 100_000 else f"{max(1, round(size / 1000))} kB"


def _link(path: str) -> str:
    return f"[{path.rsplit('/', 1)[-1]}]({path})"


def open_data_page(cases: int, rows: int, sizes: dict[str, int]) -> str:
    files = [
        (JSONL, f"JSON Lines: één Kamervraag per regel ({cases} regels), nieuwste eerst"),
        (CSV, f"CSV (UTF-8, komma's, RFC 4180): één rij per vraag ({rows} rijen)"),
        *((f"{FOLDER}/{name}", "JSON-schema") for name in SCHEMAS),
    ]
    columns = "\n".join(f"| `{c.name}` | {c.meaning} |" for c in COLUMNS)
    parts = [
        "# Open data",
        "Alles wat deze site publiceert is ook als data te downloaden, zonder account of sleutel. "
        "De teksten zijn openbare Kamerstukken; velden en hun betekenis staan hieronder en in de "
        "JSON-schema's (JSON Schema 2020-12). De veldnamen zijn Engels, zoals in de uitvoer van "
        "`kamervragen convert --to json`.",
        "## Bestanden {#bestanden}",
        "| bestand | inhoud | grootte |\n| --- | --- | --: |\n"
        + "\n".join(f"| {_link(path)} | {what} | {_size(sizes[path])} |" for path, what in files),
        f"Elke Kamervraag heeft daarnaast zijn eigen `{PAGE_DATA}` naast de pagina: "
        f"`/2025Z04271/` heeft `/2025Z04271/{PAGE_DATA}`, met dezelfde inhoud als zijn regel in "
        "`kamervragen.jsonl`. Adressen blijven bestaan, net als de pagina's.",
        "## Een Kamervraag {#kamervraag}",
        f"Een regel van `kamervragen.jsonl` en elk `{PAGE_DATA}` (schema `kamervraag.schema.json`):",
        _schema_table("kamervraag.schema.json"),
        "## Een brief {#brief}",
        "Elk element van `documents` (schema `letter.schema.json`). In tekstvelden staat een "
        "voetnootteken als `[n]`, een eindnoot als `[i]` en een bronvermelding van de vragensteller "
        "zoals geschreven.",
        _schema_table("letter.schema.json"),
        "## De CSV {#csv}",
        "Eén rij per vraag van het (eerste) antwoord, of, zolang er geen antwoord is, van de eerste "
        "brief die de vragen noemt (de vragen zoals ingediend, of een uitstelbericht dat ze aanhaalt). "
        "Een antwoord op meer vragen tegelijk staat bij elk van die vragen; een gezamenlijke vraag "
        "(\u201cVragen 6 en 7\u201d) is één rij met beide nummers. Een nader antwoord staat alleen in de JSON. "
        "Mondelinge vragen zonder genummerde vragen hebben geen rij. Een cel die begint met `=`, `+`, `-`, "
        "`@`, een tab of een regelterugloop krijgt een apostrof ervoor (`'=…`), zoals OWASP aanraadt tegen "
        "CSV-injectie: een spreadsheet toont zo de tekst en voert geen formule uit. De JSON bevat de tekst "
        "zoals geschreven.",
        f"| kolom | betekenis |\n| --- | --- |\n{columns}",
    ]
    return "\n\n".join(parts) + "\n"
