-- A database as sitrep wrote it at schema version 1 (before reference
-- records): one article with one report, not fused yet. test_store.c loads
-- it after src/schema_v1.sql and opens it with the current library.
INSERT INTO documents(id, ext_id, content_hash, source, title, published, published_from, text)
VALUES (1, 'old-002', '00000000000000aa', 'rferl', 'Saydnaya', '2017-05-15', 'input',
        'Amnesty said between 5,000 and 11,000 died at Saydnaya between 2011 and 2015.');
INSERT INTO document_ids(ext_id, document_id) VALUES ('old-002', 1);
INSERT INTO documents_fts(rowid, title, text) SELECT id, title, text FROM documents;
INSERT INTO places(id, geonames_id, name, admin1, country, lat, lon, precision)
VALUES (1, 163482, 'Saydnaya', 'Rif-dimashq', 'SY', 33.6958, 36.3769, 'town');
INSERT INTO incidents(id, document_id, idx, scope, certainty, date_from, date_to, date_precision,
                      day_from, day_to, place_id, cell, cause, claimant)
VALUES (1, 1, 0, 'event', 'reported', '2011-01-01', '2015-12-31', 'year', 14975, 16800, 1,
        4451763, 'execution', 'Amnesty');
INSERT INTO spans(id, document_id, incident_id, kind, start, end) VALUES (1, 1, 1, 'count', 13, 41);
INSERT INTO counts(incident_id, outcome, grp, min, max, qualifier, span_id)
VALUES (1, 'killed', 'people', 5000, 11000, 'range', 1);
