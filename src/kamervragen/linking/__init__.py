"""Cross-links: parliamentary references, web addresses and references to other answers."""
