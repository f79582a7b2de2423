"""A real PKCS#11 token for the tests: SoftHSM2 with its own configuration in a temporary
directory, filled with pkcs11-tool (OpenSC) the way an operator fills a token."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from egov.signing import keys

MISSING_SOFTHSM = (
    "PKCS#11 TOKEN TESTS SKIPPED: SoftHSM2 or pkcs11-tool is missing; "
    "install Debian's softhsm2 and opensc: apt-get install softhsm2 opensc"
)
MODULE_PATHS = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
TOKEN_LABEL = "Xã Tân Phú ký số"
USER_PIN = "246810"
SO_PIN = "13579135"


def softhsm_module() -> str | None:
    if shutil.which("softhsm2-util") is None or shutil.which("pkcs11-tool") is None:
        return None
    return next((path for path in MODULE_PATHS if Path(path).exists()), None)


@dataclass(frozen=True)
class SoftToken:
    module: str
    label: str
    pin: str

    def tool(self, *args: str) -> str:
        tool = shutil.which("pkcs11-tool")
        assert tool is not None
        result = subprocess.run(  # noqa: S603
            [tool, "--module", self.module, "--token-label", self.label, *args],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def _write(self, der: bytes, kind: str, *, label: str, object_id: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "object.der"
            path.write_bytes(der)
            extra = ["--usage-sign"] if kind == "privkey" else []
            self.tool(
                "--login",
                "--pin",
                self.pin,
                "--write-object",
                str(path),
                "--type",
                kind,
                "--id",
                object_id,
                "--label",
                label,
                *extra,
            )

    def put_key(self, key: keys.PrivateKey, *, label: str, object_id: str) -> None:
        der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._write(der, "privkey", label=label, object_id=object_id)

    def put_certificate(self, cert: x509.Certificate, *, label: str, object_id: str) -> None:
        self._write(
            cert.public_bytes(serialization.Encoding.DER), "cert", label=label, object_id=object_id
        )

    def delete_key(self, *, label: str) -> None:
        self.tool(
            "--login", "--pin", self.pin, "--delete-object", "--type", "privkey", "--label", label
        )


@pytest.fixture(scope="session")
def soft_token() -> Iterator[SoftToken]:
    """One initialised token per test process; SoftHSM reads SOFTHSM2_CONF when the module is
    first loaded, so the variable is set before any test loads it and kept until the end."""
    module = softhsm_module()
    if module is None:
        pytest.skip(MISSING_SOFTHSM)
    previous = os.environ.get("SOFTHSM2_CONF")
    with tempfile.TemporaryDirectory(prefix="egov-softhsm-") as tmp:
        tokens = Path(tmp) / "tokens"
        tokens.mkdir()
        conf = Path(tmp) / "softhsm2.conf"
        conf.write_text(
            f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n"
        )
        os.environ["SOFTHSM2_CONF"] = str(conf)
        try:
            subprocess.run(  # noqa: S603
                [
                    str(shutil.which("softhsm2-util")),
                    "--init-token",
                    "--free",
                    "--label",
                    TOKEN_LABEL,
                    "--so-pin",
                    SO_PIN,
                    "--pin",
                    USER_PIN,
                ],
                capture_output=True,
                check=True,
            )
            yield SoftToken(module=module, label=TOKEN_LABEL, pin=USER_PIN)
        finally:
            import pkcs11

            pkcs11.unload(module)
            if previous is None:
                os.environ.pop("SOFTHSM2_CONF", None)
            else:
                os.environ["SOFTHSM2_CONF"] = previous
