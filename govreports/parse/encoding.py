"""Decode a fetched page whatever its server claims.

County portals serve GBK declared only in ``<meta>``, GBK under a header that says UTF-8, and
GBK with no declaration at all. The order of trust: bytes that are valid UTF-8 are UTF-8 (GBK
text almost never is); then each declared encoding (header, then ``<meta>``) if the bytes
decode cleanly under it; then GB18030 (a superset of GB2312 and GBK). Only when nothing decodes
cleanly is the page read with replacement characters and flagged ``mojibake_suspected``.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, resolve_encoding


def _clean(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(body: bytes, content_type: str | None = None) -> tuple[str, str, list[str]]:
    """``(text, encoding used, warnings)`` for the bytes of an HTML page."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8", []
    text = _clean(body, "utf-8")
    if text is not None:
        return text, "utf-8", []
    declared = [http_content_type_encoding(content_type or ""), html_body_declared_encoding(body[:4096])]
    warnings = []
    for name in dict.fromkeys(filter(None, declared)):
        encoding = resolve_encoding(name) or name  # w3lib reads GBK and GB2312 as their superset GB18030
        text = _clean(body, encoding)
        if text is not None:
            if name == declared[1] and declared[0] and declared[0] != name:
                warnings.append("encoding_header_wrong")
            return text, encoding, warnings
    text = _clean(body, "gb18030")
    if text is not None:
        return text, "gb18030", ["encoding_undeclared" if not any(declared) else "encoding_header_wrong"]
    fallback = resolve_encoding(next(filter(None, declared), "utf-8")) or "utf-8"
    return body.decode(fallback, "replace"), fallback, ["mojibake_suspected"]
