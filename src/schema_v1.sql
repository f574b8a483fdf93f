-- schema_v1.sql - the first version of sitrep's store (PRAGMA user_version 1).
-- Applied by store.c to an empty database; later versions are migrations
-- (schema_v2.sql, ...) applied in order, each in one transaction.
--
-- A report is one incident of one article's record (table incidents); a
-- fused incident (table fused) groups the reports of different articles that
-- tell the same event (fuse.c). Reports are never changed by fusion: the
-- per-source claims stay as extracted.

-- One article, stored once per content (content_hash = sr_hash of the body).
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    ext_id         TEXT NOT NULL,          -- doc.id of the first ingest
    content_hash   TEXT NOT NULL UNIQUE,   -- 16 hex digits of the body's hash
    source         TEXT,
    title          TEXT,
    published      TEXT,                   -- YYYY-MM-DD
    published_from TEXT,                   -- 'input' | 'text'
    url            TEXT,
    text           TEXT NOT NULL,          -- the body that offsets refer to
    -- summary: the FA-KES / VDC view of the main incident
    sum_location   TEXT,
    sum_actor      TEXT,
    sum_cause      TEXT,
    sum_civilians  INTEGER,
    sum_noncivilians INTEGER,
    sum_children   INTEGER,
    sum_women      INTEGER,
    sum_date       TEXT,
    main_incident  INTEGER,                -- incidents.idx of the main incident
    warnings       TEXT,                   -- JSON array of strings
    ingested_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Every id a document was given (the same article under another id is
-- stored once, and its other ids are kept here).
CREATE TABLE document_ids (
    ext_id      TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (ext_id, document_id)
) WITHOUT ROWID;
CREATE INDEX document_ids_doc ON document_ids(document_id);

-- Full text of the documents (external content: the text is stored once).
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Places as the gazetteer settled them; one row per distinct place.
CREATE TABLE places (
    id          INTEGER PRIMARY KEY,
    geonames_id INTEGER NOT NULL DEFAULT 0,   -- 0: from the project's supplement
    name        TEXT NOT NULL,
    admin1      TEXT NOT NULL DEFAULT '',
    country     TEXT NOT NULL DEFAULT '',     -- ISO 3166-1 alpha-2
    lat         REAL,
    lon         REAL,
    precision   TEXT NOT NULL,                -- point | town | district | admin1 | country
    UNIQUE (geonames_id, name, admin1, country, precision)
);

-- Canonical actors (perpetrators).
CREATE TABLE actors (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

-- Reports: the incidents of each record, as extracted.
CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx            INTEGER NOT NULL,          -- position in the record's incidents
    scope          TEXT NOT NULL,             -- event | war
    certainty      TEXT NOT NULL,
    date_from      TEXT,
    date_to        TEXT,
    date_precision TEXT,
    day_from       INTEGER,                   -- days since 1970-01-01 (fusion window)
    day_to         INTEGER,
    place_id       INTEGER REFERENCES places(id),
    cell           INTEGER,                   -- spatial grid cell of the place (fuse.c)
    actor_id       INTEGER REFERENCES actors(id),
    actor_text     TEXT,                      -- the perpetrator as the text names it
    cause          TEXT,
    claimant       TEXT,
    fused_id       INTEGER REFERENCES fused(id),   -- NULL: not fused yet
    UNIQUE (document_id, idx)
);
CREATE INDEX incidents_fused ON incidents(fused_id, document_id);
CREATE INDEX incidents_day ON incidents(day_from);

-- The counts of each report: one row per (outcome, group) figure.
CREATE TABLE counts (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    outcome     TEXT NOT NULL,
    grp         TEXT NOT NULL,
    min         INTEGER,                     -- NULL when not given
    max         INTEGER,                     -- NULL: open-ended or not given
    qualifier   TEXT NOT NULL,
    span_id     INTEGER REFERENCES spans(id)
);
CREATE INDEX counts_incident ON counts(incident_id);

-- Evidence: the words (byte offsets into documents.text) behind each value.
-- kind: count | date | place | perpetrator | cause | claimant | sentence | boilerplate
CREATE TABLE spans (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    incident_id INTEGER REFERENCES incidents(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    rule        TEXT
);
CREATE INDEX spans_doc ON spans(document_id, start);
CREATE INDEX spans_incident ON spans(incident_id);

-- Fused incidents: the reports of one event from different articles.
CREATE TABLE fused (
    id          INTEGER PRIMARY KEY,
    scope       TEXT NOT NULL,
    day_lo      INTEGER,                 -- union of the reports' windows
    day_hi      INTEGER,
    rep_lo      INTEGER,                 -- window of the first report (length test)
    rep_hi      INTEGER,
    date_from   TEXT,                    -- earliest and latest dates the reports state
    date_to     TEXT,
    place_id    INTEGER REFERENCES places(id),   -- the first report's place
    cell        INTEGER,
    cause       TEXT,                    -- the first cause given
    actor_id    INTEGER REFERENCES actors(id),
    outcomes    INTEGER NOT NULL DEFAULT 0,      -- bit set of outcome classes (fuse.c)
    nreports    INTEGER NOT NULL DEFAULT 0,      -- reports, each from another article
    killed_low  INTEGER,                 -- fatalities: lowest and highest claims
    killed_high INTEGER,
    conflicting INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX fused_cell_day ON fused(cell, day_hi);
CREATE INDEX fused_day ON fused(day_lo);

-- Per fused incident and (outcome, group): the lowest and highest claimed
-- figures and whether the claims agree. ref_min/ref_max is the first claim's
-- figure; a claim with another figure makes the count conflicting.
CREATE TABLE fused_counts (
    fused_id  INTEGER NOT NULL REFERENCES fused(id) ON DELETE CASCADE,
    outcome   TEXT NOT NULL,
    grp       TEXT NOT NULL,
    low       INTEGER NOT NULL,
    high      INTEGER NOT NULL,
    open_high INTEGER NOT NULL DEFAULT 0,    -- some claim is open-ended ("at least")
    ref_min   INTEGER NOT NULL,
    ref_max   INTEGER NOT NULL,
    nclaims   INTEGER NOT NULL,
    conflict  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (fused_id, outcome, grp)
) WITHOUT ROWID;
