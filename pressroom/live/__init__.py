"""Live co-editing: each statement and each translation is a CRDT document (pycrdt, the
Yrs bindings) exchanged with the standard y-websocket protocol. Revisions stay the unit of
history, approval and publication; the live document turns into revisions through the
services (see docs/live.md)."""
