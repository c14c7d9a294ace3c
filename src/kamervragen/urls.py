"""Web addresses as a letter writes them → the URL to publish and the address to show, tracking removed."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote_plus, urlencode, urlsplit, urlunsplit

# Query parameters that track a click and select nothing, as (name or prefix*, who sets it).
TRACKING: tuple[tuple[str, str], ...] = (
    ("utm_*", "Google Analytics campaign tags"),
    ("fbclid", "Facebook"),
    ("gclid", "Google Ads"),
    ("gclsrc", "Google Ads"),
    ("dclid", "Google Display"),
    ("gbraid", "Google Ads"),
    ("_ga", "Google Analytics cross-site linker"),
    ("_gl", "Google Analytics cross-site linker"),
    ("srsltid", "Google Merchant Center"),
    ("wbraid", "Google Ads"),
    ("msclkid", "Microsoft Ads"),
    ("yclid", "Yandex"),
    ("twclid", "X/Twitter Ads"),
    ("ttclid", "TikTok Ads"),
    ("s_cid", "Adobe Analytics campaign"),
    ("xtor", "AT Internet / Piano Analytics"),
    ("at_medium", "AT Internet / Piano Analytics"),
    ("at_campaign", "AT Internet / Piano Analytics"),
    ("_kx", "Klaviyo"),
    ("mc_cid", "Mailchimp"),
    ("mc_eid", "Mailchimp"),
    ("_hsenc", "HubSpot"),
    ("_hsmi", "HubSpot"),
    ("__hstc", "HubSpot"),
    ("__hssc", "HubSpot"),
    ("__hsfp", "HubSpot"),
    ("hsctatracking", "HubSpot"),
    ("mkt_tok", "Marketo"),
    ("igshid", "Instagram"),
    ("igsh", "Instagram"),
    ("rcm", "LinkedIn share"),
    ("trk", "LinkedIn"),
    ("trkcampaign", "LinkedIn"),
    ("trackingid", "LinkedIn"),
    ("lipi", "LinkedIn"),
    ("mtm_*", "Matomo campaign tags"),
    ("pk_*", "Piwik campaign tags"),
    ("ref_src", "X/Twitter embeds"),
    ("ref_url", "X/Twitter embeds"),
    ("oly_anon_id", "Omeda"),
    ("oly_enc_id", "Omeda"),
    ("vero_id", "Vero"),
    ("wt_mc", "Webtrekk"),
)
_EXACT = frozenset(name for name, _ in TRACKING if not name.endswith("*"))
_PREFIXES = tuple(name[:-1] for name, _ in TRACKING if name.endswith("*"))


def publishable(address: str) -> str | None:
    """The URL to link for an address as written: https:// added to www., tracking removed."""
    url = address if "://" in address else "https://" + address
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if not parts.query:
        return url
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _tracking(k)]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True, safe=":/@!$'()*+,;=")))


def split_tracking(address: str) -> tuple[str, tuple[str, ...]]:
    """The address as a reader sees it, and the tracking parameters it leaves out, each as written.

    Only what `publishable` drops is left out; every other parameter, its spelling and order, and the
    fragment stay as written. The `?` goes only when no parameter remains ("…/x?utm_source=a#b" →
    "…/x#b"), so the address shown is never one a reader could take for another page."""
    head, hash_, fragment = address.partition("#")
    path, question, query = head.partition("?")
    if not question:
        return address, ()
    pieces = [p for p in query.split("&") if p]  # as parse_qsl splits: an empty piece is no parameter
    dropped = tuple(p for p in pieces if _tracking_piece(p))
    if not dropped:
        return address, ()
    kept = "&".join(p for p in pieces if not _tracking_piece(p))
    return path + (question + kept if kept else "") + hash_ + fragment, dropped


def _tracking_piece(piece: str) -> bool:
    # the name as parse_qsl reads it ("utm%5Fsource" is utm_source), so exactly what the link drops
    return _tracking(unquote_plus(piece.partition("=")[0]))


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _EXACT or lowered.startswith(_PREFIXES)
