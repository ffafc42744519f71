"""The commands under `flask --app app`."""

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Contact, Organization, Statement, User


def test_orgs_users_contacts_create(runner):
    result = runner.invoke(
        args=[
            "orgs",
            "create",
            "--slug",
            "nato-pa",
            "--name",
            "NATO Parliamentary Assembly",
            "--short-name",
            "NATO PA",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created organization nato-pa" in result.output
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Ann@Example.org",
            "--name",
            "Ann",
            "--password",
            "long enough pw",
            "--role",
            "press_officer",
            "--org",
            "nato-pa",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "ann@example.org"))
    assert user.organization.slug == "nato-pa"
    result = runner.invoke(
        args=[
            "contacts",
            "create",
            "--org",
            "nato-pa",
            "--name",
            "Press",
            "--phone",
            "+32 2 550 33 60",
            "--email",
            "press@nato-pa.int",
        ]
    )
    assert result.exit_code == 0, result.output
    assert (
        db.session.scalar(sa.select(Contact.phone).where(Contact.name == "Press")) == "+3225503360"
    )


def test_bad_arguments_fail_clearly(runner):
    cases = [
        (["orgs", "create", "--slug", "Bad Slug", "--name", "X"], "lower-case"),
        (
            [
                "users",
                "create",
                "--email",
                "a@example.org",
                "--name",
                "A",
                "--password",
                "short",
                "--role",
                "press_officer",
                "--org",
                "nowhere",
            ],
            "No organization",
        ),
        (
            [
                "users",
                "create",
                "--email",
                "a@example.org",
                "--name",
                "A",
                "--password",
                "long enough pw",
                "--role",
                "press_officer",
            ],
            "belongs to an organization",
        ),
        (
            [
                "users",
                "create",
                "--email",
                "a@example.org",
                "--name",
                "A",
                "--password",
                "x",
                "--role",
                "emperor",
            ],
            "Invalid value",
        ),
        (
            [
                "contacts",
                "create",
                "--org",
                "nowhere",
                "--name",
                "A",
                "--phone",
                "+1",
                "--email",
                "a@example.org",
            ],
            "No organization",
        ),
    ]
    for args, message in cases:
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert message in result.output, (args, result.output)


def test_seed_demo_is_idempotent_and_prints_logins(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "urdur.gunnarsdottir@odihr.example.org" in first.output
    assert "pressroom-demo" in first.output
    counts = [
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Organization, User, Contact, Statement)
    ]
    assert counts == [3, 7, 3, 1]
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert [
        db.session.scalar(sa.select(sa.func.count()).select_from(m))
        for m in (Organization, User, Contact, Statement)
    ] == counts
    statement = db.session.scalar(sa.select(Statement))
    content = statement.current_revision.content
    assert content["title"] == "Kazakh elections: progress and problems"
    assert [(q["honorific"], q["speaker"]) for q in content["quotes"]] == [
        ("Senator", "Consiglio Di Nino"),
        ("", "David Wilshire"),
        ("Ambassador", "Lubomir Kopaj"),
    ]
    odihr = db.session.scalar(sa.select(Organization).where(Organization.slug == "odihr"))
    assert odihr.name_in("en").letterhead == (  # issue #15: it was never stored
        "Organization for Security and Co-operation in Europe\n"
        "Office for Democratic Institutions and Human Rights"
    )
    assert statement.target_languages == ["fr", "ru"]


def test_audit_lists_newest_events(runner):
    runner.invoke(args=["orgs", "create", "--slug", "a-org", "--name", "A"])
    runner.invoke(args=["orgs", "create", "--slug", "b-org", "--name", "B"])
    result = runner.invoke(args=["audit", "--limit", "1"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "organization.create" in lines[0]
    assert runner.invoke(args=["audit", "--limit", "0"]).exit_code != 0


def test_letterhead_lines_through_the_cli_reach_the_document(runner, mission, dummy_statement):
    """Issue #15: letterhead lines must be stored even when the name row already exists."""
    from pressroom.services import documents

    result = runner.invoke(
        args=[
            "orgs",
            "set-name",
            "odihr",
            "--lang",
            "en",
            "--name",
            "OSCE ODIHR full name",
            "--short-name",
            "OSCE/ODIHR",
            "--letterhead-line",
            "Organization for Security and Co-operation in Europe",
            "--letterhead-line",
            "Office for Democratic Institutions and Human Rights",
        ]
    )
    assert result.exit_code == 0, result.output
    doc = documents.release_document(dummy_statement, "en")
    odihr = next(lh for lh in doc.letterheads if lh.short_name == "OSCE/ODIHR")
    assert odihr.heading == "Organization for Security and Co-operation in Europe"
    assert odihr.sublines == ("Office for Democratic Institutions and Human Rights",)
    missing = runner.invoke(args=["orgs", "set-name", "nope", "--lang", "en", "--name", "X"])
    assert missing.exit_code != 0
