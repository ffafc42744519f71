"""Keys held in a PKCS#11 token (an HSM, a smart card, SoftHSM2): made inside the token,
never extractable, used there to sign. Pure of Flask and the database; the configuration
comes from services.signing (PRESSROOM_SIGNING_PKCS11_*).

ECDSA P-256 like the keys kept in the database. The token signs a SHA-256 digest with
the raw CKM_ECDSA mechanism, which every token that does EC supports."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


@dataclass(frozen=True)
class TokenConfig:
    """Where the keys are: the module (.so), the token's label and its user PIN."""

    module: str
    token_label: str
    pin: str


@contextmanager
def session(config: TokenConfig) -> Iterator[Any]:
    """A logged-in read-write session on the configured token, closed afterwards."""
    import pkcs11

    lib = pkcs11.lib(config.module)
    token = lib.get_token(token_label=config.token_label)
    opened = token.open(rw=True, user_pin=config.pin)
    try:
        yield opened
    finally:
        opened.close()


@dataclass(frozen=True)
class TokenKey:
    """A private key in the token, known by its label; its public half is at hand."""

    config: TokenConfig
    label: str
    public: ec.EllipticCurvePublicKey

    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self.public

    def sign(self, data: bytes) -> bytes:
        """ECDSA with SHA-256 over `data`, DER-encoded (as X.509 and CMS want it)."""
        from pkcs11 import Attribute, Mechanism, ObjectClass
        from pkcs11.util.ec import encode_ecdsa_signature

        digest = hashlib.sha256(data).digest()
        with session(self.config) as s:
            key = s.get_key(object_class=ObjectClass.PRIVATE_KEY, label=self.label)
            assert key[Attribute.SIGN]
            return encode_ecdsa_signature(key.sign(digest, mechanism=Mechanism.ECDSA))


def _public(pub: Any) -> ec.EllipticCurvePublicKey:
    from pkcs11.util.ec import encode_ec_public_key

    key = serialization.load_der_public_key(encode_ec_public_key(pub))
    assert isinstance(key, ec.EllipticCurvePublicKey)
    return key


def generate(config: TokenConfig, purpose: str) -> TokenKey:
    """A new P-256 key pair made and stored in the token: the private key is sensitive and
    not extractable (it never leaves the token). The label names its purpose."""
    from pkcs11 import Attribute, KeyType
    from pkcs11.util.ec import encode_named_curve_parameters

    label = f"pressroom-{purpose}-{secrets.token_hex(4)}"
    with session(config) as s:
        params = s.create_domain_parameters(
            KeyType.EC,
            {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
            local=True,
        )
        pub, _priv = params.generate_keypair(
            store=True,
            label=label,
            id=label.encode("ascii"),
            private_template={
                Attribute.SENSITIVE: True,
                Attribute.EXTRACTABLE: False,
                Attribute.SIGN: True,
                Attribute.PRIVATE: True,
            },
        )
        return TokenKey(config, label, _public(pub))


def load(config: TokenConfig, label: str) -> TokenKey:
    """The token's key with this label (its public half read from the token)."""
    from pkcs11 import ObjectClass

    with session(config) as s:
        pub = s.get_key(object_class=ObjectClass.PUBLIC_KEY, label=label)
        return TokenKey(config, label, _public(pub))


def private_key_attributes(config: TokenConfig, label: str) -> dict[str, bool]:
    """What the token says about a private key (for the tests and `signing init`)."""
    from pkcs11 import Attribute, ObjectClass

    with session(config) as s:
        key = s.get_key(object_class=ObjectClass.PRIVATE_KEY, label=label)
        return {
            "sensitive": bool(key[Attribute.SENSITIVE]),
            "extractable": bool(key[Attribute.EXTRACTABLE]),
        }
