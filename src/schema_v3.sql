-- schema_v3.sql - migration 2 -> 3: the content hash of a document is now
-- taken on its text with whitespace normalised (runs of whitespace read as
-- one space, none at either end: sr_text_hash, store.c), so that the same
-- article with other line breaks or spacing is stored once; and indexes that
-- keep fusion's cost per report bounded (fuse.c).
--
-- Documents that become the same article under the new hash are merged into
-- the first one stored: its text (which the evidence offsets refer to) stays,
-- the others' ids become its ids, and the others are deleted with their
-- reports. Fused incidents that held a deleted report are forgotten, and
-- their other reports wait to be fused again (store.c fuses them right after
-- the migration).

-- the new hash of every document, and the first document of each hash
CREATE TEMP TABLE v3_hash (id INTEGER PRIMARY KEY, h TEXT NOT NULL);
INSERT INTO v3_hash(id, h) SELECT id, sr_text_hash(text) FROM documents;
CREATE INDEX temp.v3_hash_h ON v3_hash(h, id);
CREATE TEMP TABLE v3_dup (id INTEGER PRIMARY KEY, keep INTEGER NOT NULL);
INSERT INTO v3_dup(id, keep)
    SELECT d.id, k.keep
    FROM v3_hash d JOIN (SELECT h, min(id) AS keep FROM v3_hash GROUP BY h) k ON k.h = d.h
    WHERE d.id <> k.keep;

-- the duplicates' ids become ids of the document kept
INSERT OR IGNORE INTO document_ids(ext_id, document_id)
    SELECT i.ext_id, v.keep FROM document_ids i JOIN v3_dup v ON v.id = i.document_id;

-- fused incidents that hold a report of a duplicate are forgotten
CREATE TEMP TABLE v3_fused (id INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO v3_fused(id)
    SELECT fused_id FROM incidents WHERE fused_id IS NOT NULL AND document_id IN (SELECT id FROM v3_dup);
UPDATE incidents SET fused_id = NULL WHERE fused_id IN (SELECT id FROM v3_fused);
DELETE FROM fused_counts WHERE fused_id IN (SELECT id FROM v3_fused);
DELETE FROM fused WHERE id IN (SELECT id FROM v3_fused);

-- the duplicates go, with their full text entries (external content: the
-- old values are given to FTS5's 'delete'), reports, counts and spans
INSERT INTO documents_fts(documents_fts, rowid, title, text)
    SELECT 'delete', d.id, d.title, d.text FROM documents d WHERE d.id IN (SELECT id FROM v3_dup);
DELETE FROM counts WHERE incident_id IN (SELECT id FROM incidents WHERE document_id IN (SELECT id FROM v3_dup));
DELETE FROM spans WHERE document_id IN (SELECT id FROM v3_dup);
DELETE FROM incidents WHERE document_id IN (SELECT id FROM v3_dup);
DELETE FROM document_ids WHERE document_id IN (SELECT id FROM v3_dup);
DELETE FROM documents WHERE id IN (SELECT id FROM v3_dup);

-- the new hashes (no two documents share one any more)
UPDATE documents SET content_hash = (SELECT h FROM v3_hash WHERE v3_hash.id = documents.id);

DROP TABLE v3_hash;
DROP TABLE v3_dup;
DROP TABLE v3_fused;

-- Fusion. Reports not fused yet, in the order they were stored (the work
-- list of each fusion run: it shrinks as reports are fused).
CREATE INDEX incidents_pending ON incidents(id) WHERE fused_id IS NULL;

-- Candidates of a report: fused incidents of a grid cell by their first day.
-- A fused incident whose dates span at most 31 days (fuse.c: LONG_DAYS) and
-- that meets a report's window starts at most 31 days before it, so the
-- lookup reads a bounded stretch of days; the few that span longer are found
-- by the second index, which holds only them.
DROP INDEX fused_cell_day;
CREATE INDEX fused_cell_lo ON fused(cell, day_lo) WHERE cell IS NOT NULL;
CREATE INDEX fused_cell_long ON fused(cell, day_hi) WHERE cell IS NOT NULL AND day_hi - day_lo > 31;
