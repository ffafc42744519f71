"""Save-and-merge time as a statement's history grows.

For each history length (10, 100, 1,000 revisions) it times saves that started from an
older revision than the current one, so every save runs the three-way merge and writes a
merge revision (and its audit event), committed like a request would. Prints p50/p95 in
ms and the ratio 1,000/10 (target: <= 2, i.e. cost does not grow with history; p50 <= 30 ms
on SQLite).

    .venv/bin/python -m bench.coedit [--trials 40]
"""

from __future__ import annotations

import argparse
import time

import sqlalchemy as sa

from bench._common import bench_app, percentiles
from pressroom.db import db
from pressroom.models import Statement, User
from pressroom.services import statements

SIZES = (10, 100, 1000)


def grow_history(statement: Statement, author: User, target: int) -> None:
    """Append plain edits until the statement has `target` revisions."""
    while statement.current_revision.number < target:
        number = statement.current_revision.number
        statements.save(statement, author, number, {"title": f"Title after revision {number}"})
        if number % 50 == 0:
            db.session.commit()
    db.session.commit()


def timed_merges(statement: Statement, ours: User, theirs: User, trials: int) -> list[float]:
    samples = []
    for i in range(trials):
        base = statement.current_revision.number
        body = statement.current_revision.content["body"].split("\n\n")
        # Someone else edits the first paragraph ...
        statements.save(
            statement,
            theirs,
            base,
            {"body": "\n\n".join([f"{body[0].split(' [')[0]} [{i}]", *body[1:]])},
        )
        db.session.commit()
        # ... while we, still on `base`, edit the last one: a merge.
        mine = "\n\n".join([*body[:-1], f"{body[-1].split(' [')[0]} [{i}]"])
        start = time.perf_counter()
        result = statements.save(statement, ours, base, {"body": mine})
        db.session.commit()
        samples.append((time.perf_counter() - start) * 1000)
        assert result.merged, "the bench must exercise the merge path"
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=40)
    args = parser.parse_args()
    app = bench_app()
    results = {}
    with app.test_request_context():
        statement = db.session.scalar(sa.select(Statement))
        users = {u.email.split("@")[0]: u for u in db.session.scalars(sa.select(User))}
        ours, theirs = users["bas.klein"], users["urdur.gunnarsdottir"]
        for size in SIZES:
            grow_history(statement, theirs, size)
            results[size] = percentiles(timed_merges(statement, ours, theirs, args.trials))
            print(
                f"history {size:>5} revisions: save+merge p50 {results[size]['p50']:6.1f} ms"
                f"  p95 {results[size]['p95']:6.1f} ms  (n={results[size]['n']})"
            )
    ratio = results[SIZES[-1]]["p50"] / results[SIZES[0]]["p50"]
    print(f"ratio p50 {SIZES[-1]}/{SIZES[0]}: {ratio:.2f} (target <= 2)")
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")


if __name__ == "__main__":
    main()
