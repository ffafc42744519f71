"""On real PostgreSQL: several people save the same statement at the same moment from the
same revision. No update is lost: every save becomes a revision (merged when needed) or a
conflict with the person's text kept as their pending version."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import PendingRevision, Revision, Role, Statement, User
from pressroom.services import accounts, organizations, statements
from tests.conftest import PASSWORD, statement_data
from tests.services.test_approval_race_pg import JOIN_TIMEOUT, _in_context

BODY = ["Voting was calm.", "The count was assessed negatively.", "Nine seats appointed."]
# Who changes what, all starting from revision 1. The two title edits collide.
EDITS = [
    ("po0", {"body": "\n\n".join(["Voting was calm and orderly.", *BODY[1:]])}),
    ("po1", {"body": "\n\n".join([BODY[0], "The count was poor.", BODY[2]])}),
    ("po2", {"body": "\n\n".join([*BODY[:2], "Nine of 107 seats were appointed."])}),
    ("po3", {"title": "Title by po3"}),
    ("po4", {"lead": "Lead by po4."}),
    ("po5", {"title": "Title by po5"}),
]


def _setup(app) -> int:  # type: ignore[no-untyped-def]
    def work() -> int:
        org = organizations.create_organization(slug="odihr", name="ODIHR")
        people = [
            accounts.create_user(
                email=f"{name}@odihr.example.org",
                display_name=name,
                password=PASSWORD,
                role=Role.press_officer,
                organization=org,
            )
            for name, _ in EDITS
        ]
        statement = statements.create_statement(
            people[0],
            statement_data(organizations=["odihr"], body="\n\n".join(BODY), quotes=[], contacts=[]),
        )
        return statement.id

    return _in_context(app, work)


def test_simultaneous_saves_lose_nothing(pg_app) -> None:
    statement_id = _setup(pg_app)
    barrier = threading.Barrier(len(EDITS))
    outcomes: dict[str, str] = {}

    def save(name: str, changes: dict) -> None:
        def work() -> str:
            email = f"{name}@odihr.example.org"
            user = db.session.scalar(sa.select(User).where(User.email == email))
            statement = db.session.get(Statement, statement_id)
            barrier.wait(timeout=JOIN_TIMEOUT)
            result = statements.save(statement, user, 1, changes)
            return "conflict" if result.conflict else ("merged" if result.merged else "saved")

        try:
            outcomes[name] = _in_context(pg_app, work)
        except Exception as exc:
            outcomes[name] = f"error: {exc!r}"

    threads = [threading.Thread(target=save, args=edit) for edit in EDITS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a save hung"
    assert not [o for o in outcomes.values() if o.startswith("error")], outcomes

    def check() -> None:
        statement = db.session.get(Statement, statement_id)
        revisions = db.session.scalars(
            sa.select(Revision)
            .where(Revision.statement_id == statement_id)
            .order_by(Revision.number)
        ).all()
        successes = [n for n, o in outcomes.items() if o != "conflict"]
        conflicts = [n for n, o in outcomes.items() if o == "conflict"]
        # one revision per successful save, numbered without gaps
        assert [r.number for r in revisions] == list(range(1, len(successes) + 2))
        # exactly one of the two colliding title edits won; the other is kept, not lost
        assert sorted(conflicts) in (["po3"], ["po5"])
        # all started from revision 1: only the first saved plainly, the rest merged
        assert sorted(outcomes[n] for n in successes) == ["merged"] * 4 + ["saved"]
        pending = db.session.scalars(sa.select(PendingRevision)).all()
        assert len(pending) == 1
        content = statement.current_revision.content
        winner = "po5" if conflicts == ["po3"] else "po3"
        assert content["title"] == f"Title by {winner}"
        assert pending[0].content["title"] == f"Title by {conflicts[0]}"
        assert content["lead"] == "Lead by po4."
        assert content["body"] == "\n\n".join(
            [
                "Voting was calm and orderly.",
                "The count was poor.",
                "Nine of 107 seats were appointed.",
            ]
        )

    _in_context(pg_app, check)
