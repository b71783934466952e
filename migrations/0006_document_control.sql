-- Schema 6: the manual as a controlled document, and the logo it prints.
--
-- `control` holds at most one row (id 1), written only when the record differs from the
-- empty default: the document number, version, effective date (`YYYY-MM-DD` or NULL),
-- confidentiality key, and the three sign-offs (编制 / 审核 / 批准), each a name, a post
-- in both languages and a date. `control_revision` is the revision history in order.
-- `logo` holds at most one row: the image's format (`png`, `svg`) and bytes, checked on
-- open as on import. Files of schema 5 gain the empty tables on open: no control, no logo.

CREATE TABLE control (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    number           TEXT NOT NULL,
    version          TEXT NOT NULL,
    effective        TEXT,
    confidentiality  TEXT NOT NULL,
    prepared_name    TEXT NOT NULL,
    prepared_post_zh TEXT NOT NULL,
    prepared_post_en TEXT NOT NULL,
    prepared_date    TEXT,
    reviewed_name    TEXT NOT NULL,
    reviewed_post_zh TEXT NOT NULL,
    reviewed_post_en TEXT NOT NULL,
    reviewed_date    TEXT,
    approved_name    TEXT NOT NULL,
    approved_post_zh TEXT NOT NULL,
    approved_post_en TEXT NOT NULL,
    approved_date    TEXT
) STRICT;

CREATE TABLE control_revision (
    position   INTEGER PRIMARY KEY,
    version    TEXT NOT NULL,
    date       TEXT,
    author     TEXT NOT NULL,
    summary_zh TEXT NOT NULL,
    summary_en TEXT NOT NULL
) STRICT;

CREATE TABLE logo (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    format TEXT NOT NULL,
    data   BLOB NOT NULL
) STRICT;

-- `release` is one row per released version in order: its version, date and the plan's
-- content as released, as the interchange JSON (`centerplan export-json`) of a plan with
-- no control record, logo or releases. It is read back through the same checks as an
-- imported JSON file.
CREATE TABLE release (
    position INTEGER PRIMARY KEY,
    version  TEXT NOT NULL,
    date     TEXT NOT NULL,
    plan     TEXT NOT NULL
) STRICT;
