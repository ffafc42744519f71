"""Authorization rows for the review blueprint (see authz_rows.py for the format).

The sample statement is a draft in which odihr (press officer and head) takes part. With
no form data: submit succeeds for editors (302); a head's decision without its hidden
fields is a bad request (400); press officers may see but not decide (403); admins and
non-participants do not learn the statement exists (404).
"""

LOGIN = 302

ROWS: dict[tuple[str, str], tuple] = {
    ("review.submit", "POST"): (LOGIN, 302, 302, 404, 404),
    ("review.show", "GET"): (LOGIN, 200, 200, 404, 404),
    ("review.decide", "POST"): (LOGIN, 403, 400, 404, 404),
    # the sample bundle hash names no bundle: participants get 404 like everyone else
    ("review.bundle_pdf", "GET"): (LOGIN, 404, 404, 404, 404),
}
