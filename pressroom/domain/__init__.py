"""Pure rules of pressroom: no Flask, no database. Services call these; tests call them directly."""
