"""Self-signed certificates for replicas served over TLS: one that expired in 2023 (portals with
lapsed TLS), and one valid now for each host of a portal on https:// (a third of county portals)."""

from __future__ import annotations

import datetime as dt
import functools
import ssl
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

EXPIRED_ON = dt.datetime(2023, 6, 30, tzinfo=dt.UTC)


def expired_context() -> ssl.SSLContext:
    return _context(EXPIRED_ON)


def host_context(host: str) -> ssl.SSLContext:
    return _context(dt.datetime(2099, 12, 31, tzinfo=dt.UTC), host)


@functools.cache
def _context(not_after: dt.datetime, host: str = "replica.gov.cn") -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    certificate = (
        x509.CertificateBuilder()
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(min(not_after, dt.datetime.now(dt.UTC)) - dt.timedelta(days=365))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.TemporaryDirectory() as folder:  # the ssl module loads keys from files only
        pem = Path(folder) / "replica.pem"
        pem.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
            + certificate.public_bytes(serialization.Encoding.PEM)
        )
        context.load_cert_chain(pem)
    return context
