"""Authorization table rows for the foundation's routes.

Key: (endpoint, method). Value: expected status for
(anonymous, press officer of a participating org, head of a participating org, admin,
 press officer of a non-participating org). A set allows several outcomes.
Requests carry no form data: a POST that passes authorization fails validation and
re-renders (200) or redirects (302); the point is who gets past the check.
"""

LOGIN = 302  # web pages redirect anonymous users to the login page
API_ANON = 401

ROWS: dict[tuple[str, str], tuple] = {
    ("static", "GET"): (200, 200, 200, 200, 200),
    ("auth.login", "GET"): (200, 302, 302, 302, 302),
    ("auth.login", "POST"): (200, 302, 302, 302, 302),
    ("auth.logout", "POST"): (LOGIN, 302, 302, 302, 302),
    ("auth.account", "GET"): (LOGIN, 200, 200, 200, 200),
    ("auth.account", "POST"): (LOGIN, 200, 200, 200, 200),
    ("auth.set_language", "POST"): (302, 302, 302, 302, 302),
    # password links: public; an empty form re-renders (400), a forged link is refused (400)
    ("auth.forgot_password", "GET"): (200, 200, 200, 200, 200),
    ("auth.forgot_password", "POST"): (400, 400, 400, 400, 400),
    ("auth.reset_password", "GET"): (400, 400, 400, 400, 400),
    ("auth.reset_password", "POST"): (400, 400, 400, 400, 400),
    # session_id is another user's session: nobody ends it but its owner
    ("auth.end_session", "POST"): (LOGIN, 404, 404, 404, 404),
    # anonymous: the newsroom (the site root is the home of journalists)
    ("dashboard.index", "GET"): (200, 200, 200, 302, 200),
    ("admin.organizations_page", "GET"): (LOGIN, 403, 403, 200, 403),
    ("admin.organizations_page", "POST"): (LOGIN, 403, 403, 200, 403),
    ("admin.organization", "GET"): (LOGIN, 403, 403, 200, 403),
    ("admin.organization", "POST"): (LOGIN, 403, 403, 200, 403),
    ("admin.organization_logo", "POST"): (LOGIN, 403, 403, 200, 403),
    ("admin.organization_identity", "POST"): (LOGIN, 403, 403, 400, 403),  # empty form
    # signing certificates (issue #18): an empty rotation form rotates (302); an empty
    # revocation form re-renders with its errors (400)
    ("admin.signing_page", "GET"): (LOGIN, 403, 403, 200, 403),
    ("admin.signing_rotate", "POST"): (LOGIN, 403, 403, 302, 403),
    ("admin.signing_revoke", "POST"): (LOGIN, 403, 403, 400, 403),
    ("admin.users", "GET"): (LOGIN, 403, 403, 200, 403),
    ("admin.users", "POST"): (LOGIN, 403, 403, 200, 403),
    ("admin.user", "GET"): (LOGIN, 403, 403, 200, 403),
    ("admin.user", "POST"): (LOGIN, 403, 403, 200, 403),
    ("admin.send_password_link", "POST"): (LOGIN, 403, 403, 302, 403),
    # org_id is the participating org (odihr): its own people may manage its contacts
    ("admin.contacts", "GET"): (LOGIN, 200, 200, 200, 403),
    ("admin.contacts", "POST"): (LOGIN, 200, 200, 200, 403),
    ("admin.remove_contact", "POST"): (LOGIN, 302, 302, 302, 403),
    ("audit.log", "GET"): (LOGIN, 403, 403, 200, 403),
    ("audit.export", "GET"): (LOGIN, 403, 403, 200, 403),
    ("api.create_token", "POST"): (400, 400, 400, 400, 400),
    ("api.revoke_current_token", "DELETE"): (API_ANON, 204, 204, 204, 204),
    ("api.list_organizations", "GET"): (API_ANON, 200, 200, 200, 200),
    ("api.openapi_document", "GET"): (200, 200, 200, 200, 200),
    ("api.list_statements", "GET"): (API_ANON, 200, 200, 200, 200),
    ("api.create_statement", "POST"): (API_ANON, 400, 400, 403, 400),
    ("api.get_statement_document", "GET"): (API_ANON, 200, 200, 404, 404),
    ("api.save_statement", "PUT"): (API_ANON, 400, 400, 404, 404),
    ("api.list_revisions", "GET"): (API_ANON, 200, 200, 404, 404),
    ("api.get_revision", "GET"): (API_ANON, 200, 200, 404, 404),
    # allowed; 409 when the web submit earlier in the same walk already submitted it
    ("api.submit_statement", "POST"): (API_ANON, {200, 409}, {200, 409}, 404, 404),
    ("api.decide", "POST"): (API_ANON, 403, 400, 404, 404),
    ("api.list_comments", "GET"): (API_ANON, 200, 200, 404, 404),
    ("api.add_comment", "POST"): (API_ANON, 400, 400, 404, 404),
    ("api.publish_statement", "POST"): (API_ANON, 400, 400, 404, 404),
    # lead organization (odihr) only; allowed, but nothing is scheduled
    ("api.cancel_publication", "POST"): (API_ANON, 409, 409, 404, 404),
    ("api.correct_statement", "POST"): (API_ANON, 400, 400, 404, 404),
    ("api.withdraw_statement", "POST"): (API_ANON, 403, 400, 404, 404),
    ("api.get_release", "GET"): (404, 404, 404, 404, 404),  # sample statement unpublished
    ("api.get_release_ninjs", "GET"): (404, 404, 404, 404, 404),  # public; unpublished: 404
    ("api.verify", "GET"): (200, 200, 200, 200, 200),
    ("api.verify_file", "POST"): (400, 400, 400, 400, 400),  # no PDF in the body
    # public: the installation root and its CRL (the sample installation has a root)
    ("public.signing_root", "GET"): (200, 200, 200, 200, 200),
    ("public.signing_crl", "GET"): (200, 200, 200, 200, 200),
    # public pages of an unpublished statement do not exist for anyone
    ("public.release_page", "GET"): (404, 404, 404, 404, 404),
    ("public.version_page", "GET"): (404, 404, 404, 404, 404),
    ("public.release_pdf", "GET"): (404, 404, 404, 404, 404),
    ("public.version_pdf", "GET"): (404, 404, 404, 404, 404),
    ("public.content_file", "GET"): (404, 404, 404, 404, 404),
    ("public.vcard", "GET"): (404, 404, 404, 404, 404),
    ("public.bundle_vcard", "GET"): (404, 404, 404, 404, 404),
    ("public.preview_image", "GET"): (404, 404, 404, 404, 404),
    ("site.robots", "GET"): (200, 200, 200, 200, 200),
    ("site.favicon", "GET"): (200, 200, 200, 200, 200),
    ("public.verify", "GET"): (200, 200, 200, 200, 200),
    ("public.verify", "POST"): (400, 400, 400, 400, 400),
    ("public.verify_in", "GET"): (200, 200, 200, 200, 200),  # sample lang "ru"
    ("public.verify_in", "POST"): (400, 400, 400, 400, 400),
    ("publishing.index", "GET"): (LOGIN, 200, 200, 404, 404),
    ("publishing.publish", "POST"): (LOGIN, 400, 400, 404, 404),
    ("publishing.confirm", "POST"): (LOGIN, 400, 400, 404, 404),  # no form data: 400
    ("publishing.cancel", "POST"): (LOGIN, 409, 409, 404, 404),  # allowed, but nothing scheduled
    ("publishing.correct", "POST"): (LOGIN, 400, 400, 404, 404),
    ("publishing.withdraw", "POST"): (LOGIN, 403, 400, 404, 404),
}
