-- Schema 1 of the .centerplan document.
--
-- One table per list of the plan model, each with an `ord` column that keeps the list's
-- order. Node references (parent, line ends, matrix roles, positions) are plain TEXT
-- without foreign keys on purpose: a plan may be invalid while the user edits it
-- (dangling ids, cycles, two leads) and must still save and load unchanged; validation
-- reports such problems. Child tables of this document (cells, duties) do point at their
-- parent rows by `ord`; the loader checks those links itself instead of relying on
-- PRAGMA foreign_keys, which is off by default and cannot be trusted in a foreign file.
-- STRICT tables make SQLite refuse a value of the wrong type at write time.

CREATE TABLE plan (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    name                  TEXT    NOT NULL,
    center_type           TEXT    NOT NULL,
    span_of_control_limit INTEGER NOT NULL
) STRICT;

-- CRC-32 of the plan's canonical JSON, written with every save and checked on open.
-- SQLite checks its page structure but not the bytes of a value: a damaged string or
-- number inside an intact page would otherwise load as a silently different plan.
CREATE TABLE checksum (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    crc32 INTEGER NOT NULL
) STRICT;

CREATE TABLE nodes (
    ord       INTEGER PRIMARY KEY,
    id        TEXT    NOT NULL,
    parent    TEXT,
    kind      TEXT    NOT NULL,
    name_zh   TEXT    NOT NULL,
    name_en   TEXT    NOT NULL,
    rank      INTEGER,
    planned   INTEGER NOT NULL,
    filled    INTEGER NOT NULL,
    function  TEXT,
    collapsed INTEGER NOT NULL
) STRICT;

CREATE TABLE lines (
    ord       INTEGER PRIMARY KEY,
    from_node TEXT NOT NULL,
    to_node   TEXT NOT NULL,
    kind      TEXT NOT NULL
) STRICT;

CREATE TABLE matrix_rows (
    ord  INTEGER PRIMARY KEY,
    role TEXT NOT NULL
) STRICT;

CREATE TABLE matrix_cells (
    row_ord INTEGER NOT NULL,
    phase   TEXT    NOT NULL,
    lead    INTEGER NOT NULL,
    raci    TEXT,
    PRIMARY KEY (row_ord, phase)
) STRICT;

CREATE TABLE matrix_duties (
    row_ord INTEGER NOT NULL,
    phase   TEXT    NOT NULL,
    ord     INTEGER NOT NULL,
    text_zh TEXT    NOT NULL,
    text_en TEXT    NOT NULL,
    PRIMARY KEY (row_ord, phase, ord)
) STRICT;

CREATE TABLE job_descriptions (
    ord        INTEGER PRIMARY KEY,
    position   TEXT NOT NULL,
    summary_zh TEXT NOT NULL,
    summary_en TEXT NOT NULL
) STRICT;

CREATE TABLE job_duties (
    job_ord  INTEGER NOT NULL,
    ord      INTEGER NOT NULL,
    text_zh  TEXT    NOT NULL,
    text_en  TEXT    NOT NULL,
    audience TEXT    NOT NULL,
    PRIMARY KEY (job_ord, ord)
) STRICT;

CREATE TABLE kpis (
    ord           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL,
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    definition_zh TEXT NOT NULL,
    definition_en TEXT NOT NULL,
    formula_zh    TEXT NOT NULL,
    formula_en    TEXT NOT NULL,
    target        TEXT NOT NULL,
    audience      TEXT NOT NULL
) STRICT;

CREATE TABLE career_steps (
    ord             INTEGER PRIMARY KEY,
    stage           INTEGER NOT NULL,
    title_zh        TEXT    NOT NULL,
    title_en        TEXT    NOT NULL,
    position        TEXT,
    requirements_zh TEXT    NOT NULL,
    requirements_en TEXT    NOT NULL
) STRICT;
