"""Admin pages: organizations, users, contacts."""

import sqlalchemy as sa

from pressroom.db import db
from pressroom.models import Contact, User


def test_user_form_errors_keep_input(client, auth, mission):
    auth.login(mission["admin"])
    page = client.post(
        "/admin/users",
        data={
            "email": "po@pace.example.org",
            "display_name": "Some One",
            "role": "press_officer",
            "organization": "pace",
        },
    ).get_data(as_text=True)
    assert "A user with this e-mail already exists." in page
    assert 'value="Some One"' in page and 'value="po@pace.example.org"' in page
    page = client.post(
        "/admin/users",
        data={
            "email": "adm@example.org",
            "display_name": "Adm",
            "role": "admin",
            "organization": "pace",
        },
    ).get_data(as_text=True)
    assert "An admin belongs to no organization." in page


def test_deactivate_and_change_role(client, auth, mission):
    auth.login(mission["admin"])
    target = mission["po_pace"]
    response = client.post(
        f"/admin/users/{target.id}",
        data={
            "display_name": target.display_name,
            "role": "head_of_delegation",
            "organization": "pace",
        },
    )  # "active" unchecked -> deactivated
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role == "head_of_delegation" and target.active is False
    auth.logout()
    assert "Wrong e-mail or password." in auth.login(target).get_data(as_text=True)


def test_admin_cannot_demote_self(client, auth, mission):
    admin = mission["admin"]
    auth.login(admin)
    page = client.post(
        f"/admin/users/{admin.id}",
        data={
            "display_name": "Admin",
            "role": "press_officer",
            "organization": "pace",
            "active": "y",
        },
    )
    assert "cannot demote or deactivate yourself" in page.get_data(as_text=True)


def test_organization_names_per_language(client, auth, mission):
    auth.login(mission["admin"])
    org = mission["orgs"]["pace"]
    client.post(
        "/admin/organizations",
        data={"slug": "eu-ep", "name": "European Parliament", "short_name": "EP"},
    )
    response = client.post(
        f"/admin/organizations/{org.id}",
        data={"lang": "ru", "name": "Парламентская ассамблея Совета Европы", "short_name": "ПАСЕ"},
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.short_name("ru") == "ПАСЕ" and org.short_name("de") == "PACE"
    bad = client.post(f"/admin/organizations/{org.id}", data={"lang": "zz-notalang", "name": "X"})
    assert "not a known language code" in bad.get_data(as_text=True)


def test_press_officer_manages_own_contacts_only(client, auth, mission):
    auth.login(mission["po_pace"])
    pace, odihr = mission["orgs"]["pace"], mission["orgs"]["odihr"]
    bad = client.post(
        f"/admin/organizations/{pace.id}/contacts",
        data={"name": "Bas Klein", "phone": "0662 265 489", "email": "bas.klein@coe.int"},
    )
    assert "international format" in bad.get_data(as_text=True)
    assert 'value="Bas Klein"' in bad.get_data(as_text=True)
    ok = client.post(
        f"/admin/organizations/{pace.id}/contacts",
        data={"name": "Bas Klein", "phone": "+33 662 265 489", "email": "bas.klein@coe.int"},
    )
    assert ok.status_code == 302
    contact = db.session.scalar(sa.select(Contact).where(Contact.email == "bas.klein@coe.int"))
    assert contact.phone == "+33662265489"
    assert client.get(f"/admin/organizations/{odihr.id}/contacts").status_code == 403
    assert client.post(f"/admin/contacts/{contact.id}/remove").status_code == 302
    db.session.refresh(contact)
    assert contact.active is False


def test_user_list_shows_everyone(client, auth, mission):
    auth.login(mission["admin"])
    page = client.get("/admin/users").get_data(as_text=True)
    count = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert page.count("/admin/users/") == count


def test_letterhead_lines_through_the_admin_page_reach_the_document(
    client, auth, mission, dummy_statement
):
    """Issue #15: the English name row exists already; its letterhead is still saved."""
    from pressroom.rendering import render_release_html
    from pressroom.services import documents

    auth.login(mission["admin"])
    odihr = mission["orgs"]["odihr"]
    response = client.post(
        f"/admin/organizations/{odihr.id}",
        data={
            "lang": "en",
            "name": odihr.name("en"),
            "short_name": odihr.short_name("en"),
            "letterhead": "Organization for Security and Co-operation in Europe\r\n"
            "Office for Democratic Institutions and Human Rights\r\n",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    html = render_release_html(documents.release_document(dummy_statement, "en"))
    # Hyphenated words never break at their hyphen (commit 0dba0e1): Co-operation is kept.
    assert (
        '<p class="letterhead__name">Organization for Security and <span class="nowrap">'
        'Co-operation</span> <span class="nowrap">in Europe</span></p>'
    ) in html
    assert "Office for Democratic Institutions" in html


def test_logo_upload_reaches_page_and_pdf(client, auth, mission, dummy_statement, runner):
    """A logo per organization and language: uploaded through the admin page (or the
    CLI), sanitized, shown in the letterhead of the page and of the PDF."""
    import io as _io

    import pypdf

    from pressroom.rendering import render_pdf, render_release_html
    from pressroom.services import documents
    from tests.domain.test_logos import HOSTILE_SVG, png

    auth.login(mission["admin"])
    pace = mission["orgs"]["pace"]
    response = client.post(
        f"/admin/organizations/{pace.id}/logo",
        data={"logo-lang": "en", "logo-file": (_io.BytesIO(HOSTILE_SVG), "pace.svg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    doc = documents.release_document(dummy_statement, "ru")  # English logo stands in
    slugs = [o.slug for o in dummy_statement.organizations]
    pace_head = doc.letterheads[slugs.index("pace")]
    assert pace_head.logo_url.startswith("/static/logos/") and pace_head.logo_url.endswith(".svg")
    served = client.get(pace_head.logo_url)
    assert served.status_code == 200 and b"alert" not in served.data
    html = render_release_html(doc, for_pdf=True)
    assert f'<img class="letterhead__logo" src="{pace_head.logo_url}" alt="">' in html
    fetched: list[str] = []
    pdf = render_pdf(
        html, lang="ru", title=doc.title, author=doc.author, subject="", fetch_log=fetched
    )
    assert any(url.endswith(pace_head.logo_url) for url in fetched)
    first = pypdf.PdfReader(_io.BytesIO(pdf)).pages[0]
    assert "/XObject" in first["/Resources"]  # the drawing is on the page

    refused = client.post(
        f"/admin/organizations/{pace.id}/logo",
        data={"logo-lang": "en", "logo-file": (_io.BytesIO(b"not an image"), "x.png")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 200 and "A logo is an SVG" in refused.get_data(as_text=True)

    path = runner.app.config["DATA_DIR"] + "/logo.png"
    with open(path, "wb") as fh:
        fh.write(png(120, 60))
    result = runner.invoke(args=["orgs", "set-logo", "odihr", path, "--lang", "en"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    odihr = documents.release_document(dummy_statement, "en").letterheads[slugs.index("odihr")]
    assert odihr.logo_url.endswith(".png")
