"""Linked data for search engines: a Zaak page described in schema.org terms, as JSON-LD.

Built from the Zaak's open-data record (site/opendata.py): the page, its questions (each at its
permanent #vraag-N) with their askers, and each answer with the minister who gave it. The JSON is
made safe to stand inside a <script> element: no letter can close it.
"""

from __future__ import annotations

import json
from typing import Any

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def linked_data(record: dict[str, Any], site_name: str, site_url: str | None) -> dict[str, Any]:
    url = record["url"]
    letter = next((d for d in record["documents"] if d["kind"] == "antwoord"), record["documents"][0])
    askers = [_person(a) for a in record["askers"]]
    answerers = [_person(p) for p in letter["answered_by"]] or (
        [{"@type": "GovernmentOrganization", "name": f"Ministerie van {record['ministry']}"}]
        if record["ministry"]
        else []
    )
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "url": url,
        "name": record["title"],
        "inLanguage": "nl",
        "isPartOf": {"@type": "WebSite", "name": site_name, **({"url": site_url} if site_url else {})},
        "identifier": [
            {"@type": "PropertyValue", "propertyID": name, "value": record[field]}
            for name, field in (("Zaak", "zaak"), ("Aanhangsel Handelingen", "aanhangsel"), ("Document", "document"))
            if record[field]
        ],
        "mainEntity": [_question(q, letter, url, askers, answerers, record) for q in letter["questions"]],
    }
    if record["answered"]:
        data["datePublished"] = record["answered"]
    return data


def _person(person: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Person", "name": person["name"]}
    if person.get("party"):
        data["memberOf"] = {"@type": "PoliticalParty", "name": person["party"]}
    if person.get("role"):
        data["jobTitle"] = " ".join(p for p in (person["role"], person.get("portfolio", "")) if p)
    return data


def _question(
    question: dict[str, Any],
    letter: dict[str, Any],
    url: str,
    askers: list[dict[str, Any]],
    answerers: list[dict[str, Any]],
    record: dict[str, Any],
) -> dict[str, Any]:
    numbers = question["numbers"]
    name = ("Vraag " if len(numbers) == 1 else "Vragen ") + " en ".join(map(str, numbers))
    data: dict[str, Any] = {
        "@type": "Question",
        "name": name if numbers else "Vraag",
        "text": question["text"],
        "url": f"{url}#{question['anchor']}" if question["anchor"] else url,
        "author": askers,
    }
    if numbers:
        data["position"] = numbers[0]
    if record["submitted"]:
        data["dateCreated"] = record["submitted"]
    answers = [a["text"] for a in letter["answers"] if set(numbers) & set(a["covers"])]
    data["answerCount"] = 1 if answers and letter["kind"] == "antwoord" else 0
    if data["answerCount"]:
        answer: dict[str, Any] = {"@type": "Answer", "text": "\n\n".join(answers), "url": data["url"]}
        if answerers:
            answer["author"] = answerers
        if letter["date"]:
            answer["dateCreated"] = letter["date"]
        data["acceptedAnswer"] = answer
    return data


def script_json(data: dict[str, Any]) -> str:
    """JSON for a <script type="application/ld+json">: '<', '>' and '&' as escapes, so '</script>'
    in a letter's text stays text."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, replacement in _UNSAFE.items():
        text = text.replace(character, replacement)
    return text
