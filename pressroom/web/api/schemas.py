"""The API's request and response schemas, written once (marshmallow).

Request schemas check transport types only (a string where a string belongs, an integer
in range, a list, an object) and `payload.load` turns their errors into the API's usual
400 with field-keyed details; what a value means (a language Babel knows, an organization
that exists, a current revision, a decision) stays the domain's and the services' to
judge. Response schemas describe what the serializers beside the views return. Both
become the components of /api/v1/openapi.json (apispec, `openapi.py`).
"""

from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, INCLUDE, RAISE, Schema, fields
from marshmallow.validate import Length, Range

from pressroom.domain.translation import UNTRANSLATED
from pressroom.queries import newsroom

# Error messages are codes: payload.load turns them into the API's details and message.
_ERRORS = {"required": "required", "null": "required"}
INT32 = Range(-(2**31) + 1, 2**31 - 1, error="out of range")  # a 32-bit column holds it


def text(description: str = "", **kwargs: Any) -> fields.String:
    return fields.String(
        error_messages={**_ERRORS, "invalid": "expected string"},
        metadata=_meta(description, kwargs),
        **kwargs,
    )


def integer(description: str = "", *, bounded: bool = False, **kwargs: Any) -> fields.Integer:
    """`bounded`: requests refuse what a 32-bit column cannot hold."""
    return fields.Integer(
        strict=True,
        validate=INT32 if bounded else None,
        error_messages={**_ERRORS, "invalid": "expected integer"},
        metadata=_meta(description, kwargs),
        **kwargs,
    )


def boolean(description: str = "", **kwargs: Any) -> fields.Boolean:
    return fields.Boolean(metadata=_meta(description, kwargs), **kwargs)


def array(items: fields.Field, description: str = "", **kwargs: Any) -> fields.List:
    return fields.List(
        items,
        error_messages={**_ERRORS, "invalid": "expected array"},
        metadata=_meta(description, kwargs),
        **kwargs,
    )


def nested(schema: type[Schema], description: str = "", **kwargs: Any) -> fields.Nested:
    return fields.Nested(
        schema,
        error_messages={**_ERRORS, "type": "expected object"},
        metadata=_meta(description, kwargs),
        **kwargs,
    )


def obj(description: str = "", **kwargs: Any) -> fields.Dict:
    return fields.Dict(
        error_messages={**_ERRORS, "invalid": "expected object"},
        metadata=_meta(description, kwargs),
        **kwargs,
    )


def _meta(description: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """OpenAPI-only keywords (enum, format, pattern, default...) go to the metadata:
    documented, not enforced here (the domain judges values)."""
    meta: dict[str, Any] = {
        key: kwargs.pop(key)
        for key in (
            "enum",
            "format",
            "pattern",
            "default",
            "minLength",
            "maxLength",
            "minimum",
            "maximum",
        )
        if key in kwargs
    }
    if description:
        meta["description"] = description
    return meta


class Request(Schema):
    """Unknown fields pass through: the services refuse them by name."""

    class Meta:
        unknown = INCLUDE


class Response(Schema):
    """Documentation of a serializer's output; clients ignore fields they do not know."""

    class Meta:
        unknown = EXCLUDE


# --- shared ------------------------------------------------------------------------------


class ErrorDetailSchema(Response):
    code = text(required=True)
    message = text(required=True)
    details = fields.Raw()


class ErrorSchema(Response):
    error = nested(ErrorDetailSchema, required=True)


# --- tokens and organizations -----------------------------------------------------------


class TokenRequest(Request):
    email = text(required=True)
    password = text(required=True)


class TokenSchema(Response):
    token = text(required=True)
    token_type = text(required=True, enum=["Bearer"])
    expires_at = text(required=True, format="date-time")


class ContactSchema(Response):
    id = integer(required=True)
    name = text(required=True)
    phone = text("E.164", required=True)
    phone_display = text()
    email = text(required=True)


class OrganizationSchema(Response):
    slug = text(required=True)
    name = text(required=True)
    short_name = text()
    website = text()
    names = obj()
    contacts = array(nested(ContactSchema), required=True)


class OrganizationListSchema(Response):
    organizations = array(nested(OrganizationSchema), required=True)


# --- statements ---------------------------------------------------------------------------


class QuoteSchema(Request):
    id = text(
        "stable within the statement; translations name the quote by it. Leave it out "
        "for a new quote: the server gives it one (the organization's slug, then "
        "slug-2, ...). An organization may have several quotes.",
        pattern="^[a-z0-9][a-z0-9-]{0,63}$",
    )
    organization = text("slug", required=True)
    honorific = text("e.g. Senator, Ambassador")
    speaker = text("the name, without honorific", required=True)
    function = text()
    lead_in = text(
        'inline style: the words set before the quotation ("X, who heads ..., '
        'stressed that ..."); without them the quotation is followed by "said '
        "<speaker>, <function>\" in the document's language"
    )
    text = text("without quotation marks", required=True)


class ContactEntrySchema(Request):
    organization = text(required=True)
    name = text(required=True)
    phone = text(required=True)
    email = text(required=True)
    affiliation = text(
        'the organization as the contact block writes it ("OSCE ODIHR"); '
        "empty: the organization's short name"
    )


def _content_fields(*, create: bool = False) -> dict[str, fields.Field]:
    """The source content's fields; a new statement needs its title, body and dateline."""
    required_text: dict[str, Any] = (
        {"required": True, "minLength": 1, "pattern": r"\S"} if create else {}
    )
    return {
        "title": text(**required_text),
        "lead": text(allow_none=True),
        "body": text("Markdown", **required_text),
        "dateline_city": text(**required_text),
        "dateline_date": text(format="date", required=create),
        "further_info_url": text(allow_none=True),
        "quote_style": text(
            "quotes worked into the text, or set apart with a credit",
            enum=["inline", "block"],
            default="block",
        ),
        "organizations": array(text(), "slugs, first is lead"),
        "quotes": array(nested(QuoteSchema)),
        "contacts": array(nested(ContactEntrySchema)),
    }


StatementCreateRequest = Request.from_dict(
    {
        **_content_fields(create=True),
        "source_language": text(allow_none=True),
        "target_languages": array(text(), allow_none=True),
        "timezone": text(allow_none=True),
    },
    name="StatementCreateRequest",
)

StatementSaveRequest = Request.from_dict(
    {
        "base_revision": integer(required=True, bounded=True),
        **_content_fields(),
    },
    name="StatementSaveRequest",
)


class ApprovalRowSchema(Response):
    organization = text(required=True)
    decision = text(required=True, allow_none=True, enum=["approve", "request_changes", None])
    by = text(allow_none=True)
    at = text(allow_none=True)
    revision = integer(allow_none=True)
    bundle_hash = text("the release bundle the decision was given for", allow_none=True)
    comment = text(allow_none=True)
    current = boolean("given for the current bundle", required=True)
    counts = boolean("an approval of the current bundle", required=True)


class StatementSchema(Response):
    id = integer(required=True)
    slug = text(
        "the public slug, made at first publication (null before)", required=True, allow_none=True
    )
    status = text(
        required=True,
        enum=["draft", "in_review", "approved", "scheduled", "published", "withdrawn"],
    )
    revision = integer(required=True)
    content_hash = text()
    bundle_hash = text(
        "SHA-256 of everything that will be published: source revision, every "
        "translation, languages, organizations, time zone, version, correction "
        "note. Approvals count only while it is current.",
        required=True,
    )
    version = integer()
    correction_note = text(allow_none=True)
    source_language = text()
    target_languages = array(text())
    title = text()
    lead = text()
    body = text("Markdown")
    dateline_city = text()
    dateline_date = text(format="date")
    further_info_url = text()
    quote_style = text(enum=["inline", "block"], default="block")
    organizations = array(text(), "slugs, first is lead")
    quotes = array(nested(QuoteSchema))
    contacts = array(nested(ContactEntrySchema))
    approvals = array(nested(ApprovalRowSchema), required=True)
    translations = fields.Dict(
        keys=fields.String(),
        values=text(enum=["missing", "in_progress", "complete", "outdated"]),
        required=True,
    )
    url = text()
    merged = boolean()
    saved = boolean()
    merged_with = obj(allow_none=True)


class StatementListSchema(Response):
    statements = array(nested(StatementSchema), required=True)


class RevisionSchema(Response):
    number = integer(required=True)
    kind = text(required=True)
    author = text(required=True)
    organization = text(allow_none=True)
    created_at = text(required=True)
    content_hash = text(required=True)
    content = obj()


class RevisionListSchema(Response):
    revisions = array(nested(RevisionSchema), required=True)


class ApprovalRequest(Request):
    decision = text(required=True, enum=["approve", "request_changes"])
    revision = integer(required=True, bounded=True)
    comment = text(allow_none=True)
    bundle_hash = text(
        "the bundle the head reviewed; a bundle that is no longer current is "
        "a 409 saying what changed",
        allow_none=True,
    )


class CommentRequest(Request):
    body = text(required=True, minLength=1, pattern=r"\S")
    paragraph = integer(allow_none=True, bounded=True)
    parent = integer(allow_none=True, bounded=True)


class CommentSchema(Response):
    id = integer(required=True)
    body = text(required=True)
    paragraph = integer(allow_none=True)
    parent = integer(allow_none=True)
    author = text(required=True)
    organization = text(allow_none=True)
    created_at = text(required=True)
    resolved = boolean(required=True)
    kind = text(required=True)  # "comment", or "changes_requested": a head's request
    field = text(allow_none=True)  # a selection in the live editor: its field, language
    lang = text(allow_none=True)
    quote = text(allow_none=True)  # the selected text when the comment was made


class CommentListSchema(Response):
    comments = array(nested(CommentSchema), required=True)


# --- translations -------------------------------------------------------------------------


class TranslationQuoteSchema(Schema):
    """Unknown keys are refused (a typo must not pass as "nothing to translate")."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "unknown field"}
    id = text(
        "the source quote's id; clients from before quote ids may give the "
        "organization instead (it names the organization's first quote)"
    )
    organization = text("slug")
    honorific = text("optional: the source's if empty")
    speaker = text("the name as this language writes it; optional: the source's if empty")
    function = text()
    lead_in = text()
    text = text()


class TranslationContactSchema(Schema):
    class Meta:
        unknown = RAISE

    error_messages = {"unknown": "unknown field"}
    email = text("names the source's contact", required=True)
    name = text("the name as this language writes it")
    affiliation = text("the organization, as written here")


def _translation_fields() -> dict[str, fields.Field]:
    return {
        "title": text(),
        "lead": text(),
        "body": text(
            "Markdown; paragraph i translates source paragraph i. A paragraph not "
            f"translated yet is a placeholder ({UNTRANSLATED.format(n=2)!r} for "
            "paragraph 2), so the following ones keep their place."
        ),
        "dateline_city": text(),
        "quotes": array(nested(TranslationQuoteSchema), "matched with the source's quotes by id"),
        "contacts": array(
            nested(TranslationContactSchema),
            "optional forms of the contacts' names in this language",
        ),
    }


TranslationContentSchema = Response.from_dict(
    _translation_fields(), name="TranslationContentSchema"
)

TranslationSaveRequest = Request.from_dict(
    {
        "source_revision": integer(required=True, bounded=True),
        "base_revision": integer(
            "the translation revision you started from; omit for the first",
            bounded=True,
            allow_none=True,
        ),
        **_translation_fields(),
    },
    name="TranslationSaveRequest",
)


class SourceChangesSchema(Response):
    from_revision = integer()
    to_revision = integer()
    fields_ = array(text(), data_key="fields")
    paragraphs = array(integer(), "1-based, of the current source")
    quotes = array(text())


class TranslationSchema(Response):
    lang = text(required=True)
    status = text(required=True, enum=["missing", "in_progress", "complete", "outdated"])
    revision = integer("null while nothing was saved", required=True, allow_none=True)
    source_revision = integer(
        "the source revision this translation was made from", required=True, allow_none=True
    )
    current_source_revision = integer(required=True)
    author = text(allow_none=True)
    created_at = text(allow_none=True, format="date-time")
    content_hash = text(allow_none=True)
    content = nested(TranslationContentSchema, required=True, allow_none=True)
    missing = array(
        text(),
        "what a complete translation of the current source still lacks: "
        "title, lead, dateline_city, body-N (0-based), quote-ID-function, "
        "quote-ID-lead_in, quote-ID-text, or body when the paragraph counts "
        "differ",
        required=True,
    )
    source_changes = nested(
        SourceChangesSchema,
        "when outdated: what changed in the source since source_revision",
        allow_none=True,
    )
    url = text()
    saved = boolean()
    merged = boolean()
    merged_with = obj(allow_none=True)


# --- publishing and public releases ----------------------------------------------------------


class PublishRequest(Request):
    embargo_until = text(format="date-time", allow_none=True)


class CorrectRequest(Request):
    note = text(required=True)


class WithdrawRequest(Request):
    notice = text(required=True)


class LifecycleSchema(Response):
    id = integer(required=True)
    status = text(required=True)
    version = integer(required=True)
    revision = integer()
    correction_note = text()
    public = boolean()
    withdrawal_notice = text()


class FileSchema(Response):
    url = text(required=True)
    sha256 = text(required=True)
    size = integer(required=True)


class FilesSchema(Response):
    html = nested(FileSchema)
    pdf = nested(FileSchema)


class ReleaseLanguageSchema(Response):
    lang = text(required=True)
    title = text()
    url = text(required=True)
    pdf_url = text(required=True)
    version_url = text()
    files = nested(FilesSchema, required=True)


class ReleaseSchema(Response):
    slug = text(required=True)
    version = integer(required=True)
    state = text(required=True, enum=["genuine", "superseded", "withdrawn"])
    release_date = text("the release's date (its dateline's), on every surface", format="date")
    public_at = text(required=True, format="date-time")
    timezone = text("IANA zone its times are shown in")
    title = text()
    source_hash = text(required=True)
    bundle_hash = text()
    short_hash = text()
    organizations = array(text())
    correction_note = text(allow_none=True)
    withdrawal_notice = text(allow_none=True)
    versions = array(integer())
    status = text()
    languages = array(nested(ReleaseLanguageSchema), required=True)


class SignatureSchema(Response):
    state = text(
        "altered: the file changed after this signature",
        required=True,
        enum=["ok", "altered", "revoked", "untrusted", "invalid"],
    )
    signer = text(required=True)
    organization = text(allow_none=True)
    reason = text()
    signed_at = text(allow_none=True, format="date-time")
    timestamped_at = text(allow_none=True, format="date-time")
    intact = boolean(required=True)
    valid = boolean()
    trusted = boolean(required=True)
    revoked = boolean(required=True)


class VerificationSchema(Response):
    verdict = text(
        "short_hash: the value names a public release (see state) but proves nothing about a file",
        required=True,
        enum=["genuine", "superseded", "withdrawn", "unknown", "short_hash"],
    )
    state = text(enum=["genuine", "superseded", "withdrawn"])
    release = nested(ReleaseSchema)
    approvals = array(text())
    lang = text()
    kind = text()
    signatures = array(nested(SignatureSchema))


class NamedSchema(Response):
    name = text()
    rel = text()
    literal = text()
    uri = text()
    contactinfo = array(fields.Raw())


class RenditionSchema(Response):
    name = text(required=True)
    href = text()
    contenttype = text()
    sizeinbytes = fields.Float()
    title = text()
    format = text()


class NinjsSchema(Response):
    """IPTC ninjs 2.1 (the standard's schema is the reference; this lists the fields
    pressroom fills)"""

    uri = text(required=True)
    version = text()
    standard = obj()
    type = text(enum=["text"])
    profile = text()
    pubstatus = text(enum=["usable", "canceled"])
    language = text()
    slugline = text()
    located = text()
    by = text()
    firstcreated = text(format="date-time")
    versioncreated = text(format="date-time")
    embargoed = text(format="date-time")
    headlines = array(obj())
    descriptions = array(obj())
    bodies = array(obj())
    organisations = array(nested(NamedSchema))
    people = array(nested(NamedSchema))
    renditions = array(nested(RenditionSchema))
    altids = array(obj())
    trustindicators = array(obj())


class ReleaseSummaryLanguageSchema(Response):
    lang = text(required=True)
    title = text(required=True)
    url = text(required=True)
    pdf_url = text(required=True, allow_none=True)
    pdf_size = integer(required=True, allow_none=True)


class ReleaseSummarySchema(Response):
    slug = text(required=True)
    version = integer(required=True, minimum=1)
    release_date = text("the release's date (its dateline's)", format="date")
    public_at = text(required=True, format="date-time")
    source_language = text()
    title = text(required=True)
    title_lang = text(
        "Language of `title`: `lang` if the release has it, else its source language", required=True
    )
    organizations = array(text(), "slugs, lead first", required=True)
    url = text("GET /api/v1/releases/{slug}", required=True)
    languages = array(nested(ReleaseSummaryLanguageSchema), required=True)


class ReleaseListSchema(Response):
    items = array(nested(ReleaseSummarySchema), required=True)
    page = integer(required=True)
    per_page = integer(required=True)
    has_next = boolean(required=True)
    total = integer(
        f"exact when searching (q); otherwise counted up to {newsroom.COUNT_CAP}", required=True
    )
    total_is_exact = boolean(f"false: there are more than {newsroom.COUNT_CAP}", required=True)


# --- notifications ------------------------------------------------------------------------


class NotificationSchema(Response):
    id = integer(required=True)
    kind = text(
        required=True,
        enum=[
            "review_requested",
            "changes_requested",
            "approval_dismissed",
            "ready_to_publish",
            "translation_needed",
            "translation_outdated",
            "mentioned",
            "reply",
            "published",
            "embargo_lifted",
        ],
    )
    subject = text("in the caller's interface language", required=True)
    body = text("in the caller's interface language", required=True)
    statement = integer(allow_none=True)
    lang = text("the language it is about, e.g. ru", allow_none=True)
    comment = integer(allow_none=True)
    actor = text("who caused it (None: the clock, e.g. an embargo)", allow_none=True)
    data = obj("the kind's details, e.g. changes (approval_dismissed)", required=True)
    url = text("the exact place, absolute", required=True, format="uri")
    created_at = text(required=True, format="date-time")
    read_at = text(allow_none=True, format="date-time")


class NotificationListSchema(Response):
    notifications = array(nested(NotificationSchema), "newest first", required=True)
    unread = integer("how many of the caller's notifications are unread", required=True)
    older = text("the next page (older notifications), if any", allow_none=True)


class NotificationReadRequest(Request):
    ids = array(
        integer(bounded=True),
        "mark these of the caller's notifications as read (at most 500)",
        validate=Length(max=500),
    )
    all = boolean("mark every notification of the caller as read")


class NotificationReadSchema(Response):
    marked = integer("how many were unread and are read now", required=True)
    unread = integer(required=True)
