-- Schema 4: the plan's own manual (chapter order, hidden chapters, the user's texts).
--
-- No rows for a plan that prints the built-in chapters as shipped. Otherwise one row per
-- chapter in print order (`position` 0, 1, …): `kind` is 'builtin' (a built-in chapter by
-- its file slug, with the user's text per language in `*_markdown` and the hash of the
-- built-in text it was edited from in `*_base`, both NULL while that language is the
-- built-in text) or 'custom' (a chapter the user added: `*_markdown` its text, `*_base`
-- NULL). Files of schema 3 gain the empty table on open, so they read as untouched manuals.

CREATE TABLE manual_chapter (
    position    INTEGER PRIMARY KEY,
    id          TEXT    NOT NULL,
    hidden      INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    zh_markdown TEXT,
    zh_base     TEXT,
    en_markdown TEXT,
    en_base     TEXT
) STRICT;
