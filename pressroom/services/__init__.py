"""The only code that changes state. Each service checks permission and state, mutates,
writes the audit event and flushes; the request (or CLI command) commits once."""
