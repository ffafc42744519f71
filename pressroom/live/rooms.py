"""Rooms: the open live documents of this process, with their connections.

A room holds the document as the log has it plus every update since, the awareness
states (who is there, their cursor), and the sockets of this node. An update from a
client is appended to the log (its own committed transaction) BEFORE it is applied here
and sent to anyone else; awareness is ephemeral and only relayed. Other nodes hear of both
through pressroom.live.fanout."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pycrdt import (
    Awareness,
    Decoder,
    Doc,
    YMessageType,
    YSyncMessageType,
    create_awareness_message,
    create_sync_message,
    create_update_message,
    handle_sync_message,
)

from pressroom.live import awareness as vouched
from pressroom.live import guard, store
from pressroom.live.store import DocumentKey

log = logging.getLogger(__name__)
EMPTY_UPDATE = b"\x00\x00"


@dataclass(eq=False)
class Connection:
    """One client's socket. `send` is called from other connections' threads too."""

    send_bytes: Callable[[bytes], None]
    user_id: int | None
    may_write: bool
    identity: vouched.Identity | None = None  # who the server says this is (awareness)
    client_ids: set[int] = field(default_factory=set)  # awareness ids seen on this socket
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def send(self, message: bytes) -> None:
        with self._lock:
            try:
                self.send_bytes(message)
            except Exception:  # a socket that just went away: its own thread cleans up
                log.debug("send failed", exc_info=True)


class Room:
    def __init__(self, key: DocumentKey, document_id: int, doc: Doc) -> None:
        self.key = key
        self.document_id = document_id
        self.doc = doc
        self.awareness = Awareness(doc)
        self.connections: set[Connection] = set()
        # Awareness client id -> the local connection using it (None: a client of another
        # node), so nobody can speak for someone else's cursor.
        self.owners: dict[int, Connection | None] = {}
        self.lock = threading.RLock()

    # -- messages from a client of this node -----------------------------------------
    def join(self, connection: Connection) -> None:
        with self.lock:
            self.connections.add(connection)
            connection.send(create_sync_message(self.doc))
            if self.awareness.states:
                ids = list(self.awareness.states)
                connection.send(
                    create_awareness_message(self.awareness.encode_awareness_update(ids))
                )

    def leave(self, connection: Connection, publish: Callable[[bytes], None]) -> bool:
        """Forget the connection and its awareness states; True when the room is empty."""
        with self.lock:
            self.connections.discard(connection)
            for client_id in connection.client_ids:
                if self.owners.get(client_id) is connection:
                    del self.owners[client_id]
            gone = [c for c in connection.client_ids if c in self.awareness.states]
            if gone:
                self.awareness.remove_awareness_states(gone, "leave")
                message = create_awareness_message(self._removal(gone))
                self._broadcast(message, None)
                publish(message)
            return not self.connections

    def _removal(self, client_ids: list[int]) -> bytes:
        return vouched.encode(
            [
                vouched.Entry(c, int(self.awareness.meta.get(c, {}).get("clock", 0)), "null")
                for c in client_ids
            ]
        )

    def receive(
        self, connection: Connection, message: bytes, publish: Callable[[bytes], None]
    ) -> None:
        """Handle one y-websocket message from a client of this node."""
        if not message:
            return
        kind = message[0]
        if kind == YMessageType.SYNC:
            self._sync(connection, message, publish)
        elif kind == YMessageType.AWARENESS:
            self._awareness(connection, message, publish)

    def _awareness(
        self, connection: Connection, message: bytes, publish: Callable[[bytes], None]
    ) -> None:
        try:
            entries = vouched.decode(Decoder(message[1:]).read_message() or b"")
        except Exception:  # not an awareness update: nothing to relay
            log.debug("malformed awareness message ignored", exc_info=True)
            return
        with self.lock:
            if connection.identity is not None:
                taken = {c for c, owner in self.owners.items() if owner is not connection}
                entries = vouched.vouch(entries, connection.identity, taken)
            if not entries:
                return
            for entry in entries:
                connection.client_ids.add(entry.client_id)
                self.owners[entry.client_id] = connection
            payload = vouched.encode(entries)
            outgoing = create_awareness_message(payload)
            self.awareness.apply_awareness_update(payload, connection)
            self._broadcast(outgoing, connection)
        publish(outgoing)

    def _sync(
        self, connection: Connection, message: bytes, publish: Callable[[bytes], None]
    ) -> None:
        step = message[1]
        if step == YSyncMessageType.SYNC_STEP1:
            with self.lock:
                reply = handle_sync_message(message[1:], self.doc)
            if reply:
                connection.send(reply)
            return
        update = Decoder(message[2:]).read_message() or b""
        if update == EMPTY_UPDATE or not update:
            return
        if not connection.may_write:
            return  # readers' edits are not taken (their editor is read-only)
        guard.check_update(update)  # RefusedUpdate: never stored, never decoded by pycrdt
        store.append(self.document_id, update, connection.user_id)  # before anyone sees it
        outgoing = create_update_message(update)
        with self.lock:
            self.doc.apply_update(update)
            self._broadcast(outgoing, connection)
        publish(outgoing)

    # -- messages from another node, or from the server itself ---------------------------
    def deliver(self, message: bytes) -> None:
        """A message already stored (updates) or relayed (awareness) by someone else."""
        with self.lock:
            if message[0] == YMessageType.SYNC:
                update = Decoder(message[2:]).read_message() or b""
                if update and update != EMPTY_UPDATE:
                    self.doc.apply_update(update)
            elif message[0] == YMessageType.AWARENESS:
                payload = Decoder(message[1:]).read_message() or b""
                for entry in vouched.decode(payload):
                    if entry.state == "null":
                        self.owners.pop(entry.client_id, None)
                    else:
                        self.owners.setdefault(entry.client_id, None)
                self.awareness.apply_awareness_update(payload, "remote")
            self._broadcast(message, None)

    def _broadcast(self, message: bytes, origin: Connection | None) -> None:
        for other in list(self.connections):
            if other is not origin:
                other.send(message)

    def close_all(
        self, code: int, reason: str, closer: Callable[[Connection, int, str], Any]
    ) -> None:
        for connection in list(self.connections):
            closer(connection, code, reason)


class Registry:
    """The rooms open in this process, by document."""

    def __init__(self) -> None:
        self._rooms: dict[DocumentKey, Room] = {}
        self._lock = threading.Lock()

    def open(self, key: DocumentKey) -> Room:
        with self._lock:
            room = self._rooms.get(key)
            if room is not None:
                return room
        document = store.open_document(key)
        doc = store.load(document)
        with self._lock:
            room = self._rooms.get(key)
            if room is not None:
                return room
            room = self._rooms[key] = Room(key, document.id, doc)
        # Anything stored between the load and the registration: read once more
        # (updates are idempotent).
        with room.lock:
            room.doc.apply_update(store.load(document).get_update())
        return room

    def get(self, key: DocumentKey) -> Room | None:
        with self._lock:
            return self._rooms.get(key)

    def discard(self, room: Room) -> None:
        with self._lock, room.lock:
            if not room.connections and self._rooms.get(room.key) is room:
                del self._rooms[room.key]

    def all(self) -> list[Room]:
        with self._lock:
            return list(self._rooms.values())
