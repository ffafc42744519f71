"""Awareness messages vouched for by the server.

Awareness (who is here, their cursor) is whatever a client says about itself, and other
browsers draw it as "name (organization)" next to a cursor. So before relaying, the
server rewrites the identity in each state's `user` field with the signed-in caller's
(id, name, organization, the document's language), keeps colours to `#rrggbb`, drops
states for client ids another connection already uses, and drops oversized states."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from pycrdt import Decoder, Encoder

MAX_STATE_BYTES = 16 * 1024
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_COLOUR_LIGHT = re.compile(r"^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$")
DEFAULT_COLOUR = "#1b6ac9"


@dataclass(frozen=True)
class Entry:
    client_id: int
    clock: int
    state: str  # JSON text; "null" when the client left


@dataclass(frozen=True)
class Identity:
    user_id: int
    person: str
    organization: str
    lang: str

    def user_field(self, claimed: Any) -> dict[str, Any]:
        claimed = claimed if isinstance(claimed, dict) else {}
        colour = str(claimed.get("color", ""))
        colour = colour if _COLOUR.match(colour) else DEFAULT_COLOUR
        light = str(claimed.get("colorLight", ""))
        light = light if _COLOUR_LIGHT.match(light) else colour + "33"
        name = f"{self.person} ({self.organization})" if self.organization else self.person
        return {
            "id": str(self.user_id),
            "person": self.person,
            "organization": self.organization,
            "name": name,
            "lang": self.lang,
            "color": colour,
            "colorLight": light,
        }


def decode(payload: bytes) -> list[Entry]:
    decoder = Decoder(payload)
    return [
        Entry(decoder.read_var_uint(), decoder.read_var_uint(), decoder.read_var_string())
        for _ in range(decoder.read_var_uint())
    ]


def encode(entries: list[Entry]) -> bytes:
    encoder = Encoder()
    encoder.write_var_uint(len(entries))
    for entry in entries:
        encoder.write_var_uint(entry.client_id)
        encoder.write_var_uint(entry.clock)
        encoder.write_var_string(entry.state)
    return encoder.to_bytes()


def vouch(entries: list[Entry], identity: Identity, taken: set[int]) -> list[Entry]:
    """The entries this caller may send, with the caller's identity in `user`.
    `taken`: client ids that belong to other connections (never overwritten by this one)."""
    kept = []
    for entry in entries:
        if entry.client_id in taken or len(entry.state) > MAX_STATE_BYTES:
            continue
        try:
            state = json.loads(entry.state)
        except ValueError:
            continue
        if state is None:
            kept.append(entry)
            continue
        if not isinstance(state, dict):
            continue
        state["user"] = identity.user_field(state.get("user"))
        text = json.dumps(state, separators=(",", ":"), ensure_ascii=False)
        kept.append(Entry(entry.client_id, entry.clock, text))
    return kept
