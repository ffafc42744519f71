"""Authorization rows for embargoed access (see authz_rows.py for the format).

org_id is the participating organization (odihr): its press officer and head manage its
accreditation list, admins every list. The sample statement is a draft in which odihr
takes part: its press officers see the invitations page (nothing to invite to yet: the
POST is refused with the form, 400). The sample invitation_id names no invitation and the
sample token no link: 404 for everyone (tests/web/test_embargoed_web.py has the rows of a
real invitation and link).
"""

LOGIN = 302

ROWS: dict[tuple[str, str], tuple] = {
    ("embargoed.accreditations", "GET"): (LOGIN, 200, 200, 200, 403),
    ("embargoed.accreditations", "POST"): (LOGIN, 400, 400, 400, 403),  # empty form
    ("embargoed.remove_accreditation", "POST"): (LOGIN, 302, 302, 302, 403),
    ("embargoed.invitations", "GET"): (LOGIN, 200, 200, 404, 404),
    ("embargoed.invite", "POST"): (LOGIN, 400, 400, 404, 404),
    ("embargoed.confirm_revoke", "GET"): (LOGIN, 404, 404, 404, 404),
    ("embargoed.revoke", "POST"): (LOGIN, 404, 404, 404, 404),
    ("embargoed.entry", "GET"): (404, 404, 404, 404, 404),
    ("embargoed.page", "GET"): (404, 404, 404, 404, 404),
    ("embargoed.pdf", "GET"): (404, 404, 404, 404, 404),
    ("embargoed.vcard", "GET"): (404, 404, 404, 404, 404),
}
