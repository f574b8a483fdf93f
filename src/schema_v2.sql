-- schema_v2.sql - migration 1 -> 2: reference records (documented deaths of
-- VDC, UCDP GED, WAD) for `sitrep check`, and a governorate key on places so
-- that claims meet the records of the same first-level division.
-- sr_admin1_key(admin1, country) is a function that store.c registers on
-- the connection (check.c: the folded name with known aliases resolved).

ALTER TABLE places ADD COLUMN admin1_key TEXT NOT NULL DEFAULT '';
UPDATE places SET admin1_key = sr_admin1_key(admin1, country);
CREATE INDEX places_admin1_key ON places(admin1_key);

-- One imported file.
CREATE TABLE reference_sets (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,       -- default: the file's base name
    format      TEXT NOT NULL,              -- vdc-daily | ucdp-ged | wad
    kind        TEXT NOT NULL,              -- daily-total | event
    path        TEXT,
    day_lo      INTEGER,                    -- dates covered
    day_hi      INTEGER,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One documented record: a day's total for a governorate (VDC) or one event
-- (UCDP GED, WAD). deaths_* are noncombatant deaths where the source tells
-- them apart (VDC deaths, UCDP deaths_civilians, WAD deaths); total_* all deaths.
CREATE TABLE reference_records (
    id          INTEGER PRIMARY KEY,
    set_id      INTEGER NOT NULL REFERENCES reference_sets(id) ON DELETE CASCADE,
    ext_id      TEXT,
    day_from    INTEGER NOT NULL,
    day_to      INTEGER NOT NULL,
    country     TEXT NOT NULL DEFAULT '',
    admin1      TEXT NOT NULL DEFAULT '',
    admin1_key  TEXT NOT NULL DEFAULT '',
    location    TEXT,
    lat         REAL,
    lon         REAL,
    deaths      INTEGER,                    -- civilians / noncombatants (best)
    deaths_low  INTEGER,
    deaths_high INTEGER,
    total       INTEGER,                    -- all deaths (best), when given
    perpetrator TEXT,
    weapons     TEXT,
    UNIQUE (set_id, ext_id)
);
CREATE INDEX reference_key_day ON reference_records(admin1_key, day_from);
