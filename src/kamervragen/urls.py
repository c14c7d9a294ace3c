"""Web addresses as a letter writes them → the URL to publish: http(s) only, tracking removed."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that track a click and select nothing, as (name or prefix*, who sets it).
TRACKING: tuple[tuple[str, str], ...] = (
    ("utm_*", "Google Analytics campaign tags"),
    ("fbclid", "Facebook"),
    ("gclid", "Google Ads"),
    ("gclsrc", "Google Ads"),
    ("dclid", "Google Display"),
    ("gbraid", "Google Ads"),
    ("wbraid", "Google Ads"),
    ("msclkid", "Microsoft Ads"),
    ("yclid", "Yandex"),
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


def _tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _EXACT or lowered.startswith(_PREFIXES)
