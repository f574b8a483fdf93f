-- A database as sitrep wrote it at schema version 2 (content hash of the
-- exact bytes): the same article stored twice, once with other whitespace
-- (documents 1 and 2, under three ids), both reports fused into one
-- incident; and another article (document 3) fused alone. test_store.c
-- loads it after src/schema_v1.sql and src/schema_v2.sql and opens it with
-- the current library, which merges documents 1 and 2.
INSERT INTO documents(id, ext_id, content_hash, source, title, published, published_from, text) VALUES
    (1, 'v2-a', '00000000000000a1', 'sana', NULL, '2016-03-08', 'input',
     'Shelling killed 12 civilians in Douma on Monday.'),
    (2, 'v2-b', '00000000000000b2', 'smart', NULL, '2016-03-08', 'input',
     'Shelling  killed 12 civilians' || char(10) || 'in Douma on Monday.' || char(10)),
    (3, 'v2-c', '00000000000000c3', 'sana', NULL, '2016-03-08', 'input',
     'An airstrike killed 3 people in Idlib on Monday.');
INSERT INTO document_ids(ext_id, document_id) VALUES ('v2-a', 1), ('v2-b', 2), ('v2-b-copy', 2), ('v2-c', 3);
INSERT INTO documents_fts(rowid, title, text) SELECT id, title, text FROM documents;
INSERT INTO places(id, geonames_id, name, admin1, country, lat, lon, precision, admin1_key) VALUES
    (1, 170592, 'Douma', 'Rif-dimashq', 'SY', 33.5711, 36.4028, 'town', 'rif dimashq'),
    (2, 169389, 'Idlib', 'Idlib', 'SY', 35.9306, 36.6339, 'town', 'idlib');
INSERT INTO fused(id, scope, day_lo, day_hi, rep_lo, rep_hi, date_from, date_to, place_id, cell, cause, outcomes,
                  nreports, killed_low, killed_high, conflicting) VALUES
    (1, 'event', 16867, 16867, 16867, 16867, '2016-03-07', '2016-03-07', 1, 4450364, 'shelling', 1, 2, 12, 12, 0),
    (2, 'event', 16867, 16867, 16867, 16867, '2016-03-07', '2016-03-07', 2, 4571966, 'airstrike', 1, 1, 3, 3, 0);
INSERT INTO incidents(id, document_id, idx, scope, certainty, date_from, date_to, date_precision, day_from, day_to,
                      place_id, cell, cause, fused_id) VALUES
    (1, 1, 0, 'event', 'reported', '2016-03-07', '2016-03-07', 'day', 16867, 16867, 1, 4450364, 'shelling', 1),
    (2, 2, 0, 'event', 'reported', '2016-03-07', '2016-03-07', 'day', 16867, 16867, 1, 4450364, 'shelling', 1),
    (3, 3, 0, 'event', 'reported', '2016-03-07', '2016-03-07', 'day', 16867, 16867, 2, 4571966, 'airstrike', 2);
INSERT INTO spans(id, document_id, incident_id, kind, start, end) VALUES
    (1, 1, 1, 'count', 0, 28), (2, 2, 2, 'count', 0, 29), (3, 2, 2, 'place', 33, 38), (4, 3, 3, 'count', 0, 28);
INSERT INTO counts(incident_id, outcome, grp, min, max, qualifier, span_id) VALUES
    (1, 'killed', 'civilians', 12, 12, 'exact', 1),
    (2, 'killed', 'civilians', 12, 12, 'exact', 2),
    (3, 'killed', 'people', 3, 3, 'exact', 4);
INSERT INTO fused_counts(fused_id, outcome, grp, low, high, open_high, ref_min, ref_max, nclaims, conflict) VALUES
    (1, 'killed', 'civilians', 12, 12, 0, 12, 12, 2, 0),
    (2, 'killed', 'people', 3, 3, 0, 3, 3, 1, 0);
