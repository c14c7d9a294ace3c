"""Large letters, for the size test and `scripts/bench --scaling`: a real letter with its first answer
grown to the size asked, in many paragraphs or in one."""

from __future__ import annotations

import textwrap
from pathlib import Path

CORPUS = Path(__file__).parent / "fixtures" / "corpus"

# One rendering each: the letter, and the first line of its first answer (the text grows after it).
TEMPLATES = {
    "docx-text": (CORPUS / "antwoord" / "2024Z14814-antwoord-docx.txt", "Ja."),
    "tika": (CORPUS / "tika" / "2025Z04271.txt", "Het doel van het werkbezoek was drieledig"),
    "pdf-text": (CORPUS / "antwoord" / "ah-tk-20242025-594-antwoord-pdf.txt", "Ja."),
}

# Prose as the letters write it: a Kamerstuk, a Zaak, a question reference, a web address, a word
# broken over a line end.
FILLER = (
    "Zoals vermeld in Kamerstuk 31125-133 en in het antwoord op vraag 1 (2024Z14814) is de uitvoering "
    "van het programma in 2025 gestart; zie ook https://www.rijksoverheid.nl/documenten/rapporten/2025/"
    "01/15/voortgang voor de voortgangsrapportage. De staatssecretaris heeft de gemeenten gevraagd de "
    "regelgeving tijdig aan te passen, zodat de invoering niet vertraagt en de zorgaanbieders weten "
    "waar zij aan toe zijn."
)


def large_letter(rendering: str, size: int, one_paragraph: bool = False) -> bytes:
    """The template letter of `rendering`, about `size` bytes long."""
    path, anchor = TEMPLATES[rendering]
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(anchor)) + 1
    count = max(1, (size - len(path.read_bytes())) // (len(FILLER) + 1))
    if one_paragraph:
        added = [" ".join([FILLER] * count)]
    elif rendering == "pdf-text":  # the PDF's lines: about 80 characters, paragraphs run on
        added = textwrap.wrap(" ".join([FILLER] * count), 80, break_on_hyphens=False, break_long_words=False)
    else:
        added = [FILLER] * count
    return "\n".join([*lines[:at], *added, *lines[at:]]).encode()
