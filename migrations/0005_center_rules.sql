-- Schema 5: the center's rules (opening hours, shifts, deadlines) the manual prints.
--
-- Only what differs from the built-in defaults is stored, so an untouched plan has no
-- rows and prints the manual as before. `rule` holds one scalar rule a row, by its key
-- (`complaint.l4.resolve`): a duration as `amount` and `text` = its unit
-- (`working-days`), a count or money as `amount`, a time of day as `text` (`HH:MM`), a
-- frequency as `text` (`quarterly`). The shift table is stored whole when it differs from
-- the default: then `rule` holds the key `shifts` with `amount` = the number of shifts,
-- so an empty table survives, and `rule_shift` one row per shift in order. Files of
-- schema 4 gain the empty tables on open, so they read with the default rules.

CREATE TABLE rule (
    key    TEXT PRIMARY KEY NOT NULL,
    amount INTEGER,
    text   TEXT
) STRICT;

CREATE TABLE rule_shift (
    position      INTEGER PRIMARY KEY,
    name_zh       TEXT    NOT NULL,
    name_en       TEXT    NOT NULL,
    start         TEXT    NOT NULL,
    end           TEXT    NOT NULL,
    flexible      INTEGER NOT NULL,
    meal_minutes  INTEGER NOT NULL,
    breaks        INTEGER NOT NULL,
    break_minutes INTEGER NOT NULL,
    purpose_zh    TEXT    NOT NULL,
    purpose_en    TEXT    NOT NULL
) STRICT;
