-- Schema 3: the center's English name, printed by the English manual.
--
-- Empty when the plan has none (the English manual then prints `name`). Files of schema 2
-- gain the column, empty, on open.

ALTER TABLE plan ADD COLUMN name_en TEXT NOT NULL DEFAULT '';
