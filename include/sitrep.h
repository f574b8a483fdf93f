/*
 * sitrep.h - turn war reporting into evidence records.
 *
 * The one public header of libsitrep. Everything a program needs to read
 * articles, extract harm events with their evidence, store, fuse and check
 * them is declared here; the `sitrep` command-line tool uses nothing else.
 *
 * Conventions (the same for every function):
 *  - Functions that can fail return a sitrep_status; results come back
 *    through out-parameters. SITREP_OK is 0.
 *  - Handles are opaque. A failing call on a handle leaves a message on the
 *    handle (sitrep_errmsg, sitrep_reader_errmsg, ...), valid until the next
 *    call on the same handle.
 *  - Ownership is stated for each function: "caller frees" means with the
 *    matching *_free / *_close function, or sitrep_free for plain memory.
 *  - All text is UTF-8. Evidence offsets are byte offsets into the document
 *    body exactly as the reader produced it (sitrep_doc_text).
 *  - A sitrep_ctx is read-only after sitrep_open and may be shared by
 *    threads; readers, documents and records belong to one thread at a time.
 */
#ifndef SITREP_H
#define SITREP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SITREP_VERSION "0.1.0"

typedef enum sitrep_status {
    SITREP_OK = 0,
    SITREP_END,        /* no more items (readers, iterators): not an error */
    SITREP_ENOMEM,     /* out of memory */
    SITREP_EIO,        /* a file or directory could not be read or written */
    SITREP_EINPUT,     /* one input document is bad and was skipped; go on */
    SITREP_ETOOBIG,    /* an input exceeds a configured limit; skipped */
    SITREP_EUSAGE,     /* invalid argument or option */
    SITREP_EDATA,      /* a data file (lexicon, gazetteer) is missing or corrupt */
    SITREP_EDB,        /* the store (SQLite) failed */
    SITREP_ENOTFOUND   /* the asked-for item does not exist */
} sitrep_status;

/* A short fixed English description of a status. Never NULL; static. */
const char *sitrep_status_str(sitrep_status st);

/* Frees memory that a sitrep_ function handed to the caller as plain memory
 * (strings from sitrep_record_json and the like). NULL is allowed. */
void sitrep_free(void *p);

/* ------------------------------------------------------------------------
 * Context: the loaded language resources (lexicons, gazetteer).
 * ---------------------------------------------------------------------- */

typedef struct sitrep_ctx sitrep_ctx;

typedef struct sitrep_options {
    /* Path of the compiled gazetteer index (see tools/gazbuild). NULL: the
     * environment variable SITREP_GAZETTEER, then the file gazetteer.idx
     * beside the running executable, then SITREP_DATADIR/gazetteer.idx.
     * When none is found the context still opens, with the small built-in
     * place list only, and sitrep_ctx_warning says so. */
    const char *gazetteer_path;
} sitrep_options;

/* Opens a context. opts may be NULL for defaults. On failure *out is NULL
 * and, when errbuf is not NULL, a message is written to it (errbuf_size
 * bytes at most, NUL-terminated). Caller frees *out with sitrep_close. */
sitrep_status sitrep_open(const sitrep_options *opts, sitrep_ctx **out,
                          char *errbuf, size_t errbuf_size);
void sitrep_close(sitrep_ctx *ctx);

/* A warning about how the context was opened (e.g. no gazetteer index
 * found), or NULL. Owned by ctx. */
const char *sitrep_ctx_warning(const sitrep_ctx *ctx);

/* ------------------------------------------------------------------------
 * Documents and readers.
 * ---------------------------------------------------------------------- */

typedef struct sitrep_doc sitrep_doc;

typedef enum sitrep_format {
    SITREP_FORMAT_AUTO = 0, /* by file extension, then by content */
    SITREP_FORMAT_TEXT,     /* one document per file, as scraped */
    SITREP_FORMAT_JSONL,    /* one JSON object per line */
    SITREP_FORMAT_CSV,      /* header row, one document per record */
    SITREP_FORMAT_HTML      /* one web page per file */
} sitrep_format;

/* Parses "auto", "text", "jsonl", "csv", "html". Returns SITREP_EUSAGE for
 * anything else. */
sitrep_status sitrep_format_parse(const char *name, sitrep_format *out);

typedef struct sitrep_read_options {
    sitrep_format format;
    const char *default_published; /* "YYYY-MM-DD" for documents that lack one, or NULL */
    const char *default_source;    /* outlet for documents that lack one, or NULL */
    size_t max_doc_bytes;          /* 0: default limit (SITREP_DEFAULT_MAX_DOC) */
} sitrep_read_options;

#define SITREP_DEFAULT_MAX_DOC (16u * 1024u * 1024u)

/* Creates a document from a body given in memory (copied). Caller frees
 * *out with sitrep_doc_free. Invalid UTF-8 is read as Windows-1252 and a
 * warning is attached, as readers do. */
sitrep_status sitrep_doc_new(const char *body, size_t len, sitrep_doc **out);
void sitrep_doc_free(sitrep_doc *doc);

typedef enum sitrep_doc_field {
    SITREP_DOC_ID,
    SITREP_DOC_SOURCE,
    SITREP_DOC_TITLE,
    SITREP_DOC_PUBLISHED, /* "YYYY-MM-DD"; validated: SITREP_EUSAGE if not a date */
    SITREP_DOC_URL
} sitrep_doc_field;

/* Sets a metadata field given by the caller (copied). value NULL clears. */
sitrep_status sitrep_doc_set(sitrep_doc *doc, sitrep_doc_field field, const char *value);
/* The field's value or NULL. Owned by doc. */
const char *sitrep_doc_get(const sitrep_doc *doc, sitrep_doc_field field);
/* The body that evidence offsets refer to. Owned by doc. */
const char *sitrep_doc_text(const sitrep_doc *doc, size_t *len);
/* Where the document came from, for messages: "file", "file:line". Owned by doc. */
const char *sitrep_doc_origin(const sitrep_doc *doc);
/* Warnings the reader attached to the document ("not valid UTF-8 ...: read
 * as Windows-1252", a published value that is not a date), as
 * NUL-terminated strings; *n receives the number. Owned by doc. */
const char *const *sitrep_doc_warnings(const sitrep_doc *doc, size_t *n);

/* A reader streams the documents of one or more paths (files or
 * directories, recursively; "-" is standard input) in the given format.
 * Memory stays bounded whatever the input size. */
typedef struct sitrep_reader sitrep_reader;

/* Caller frees *out with sitrep_reader_close. paths are copied. */
sitrep_status sitrep_reader_open(const char *const *paths, size_t npaths,
                                 const sitrep_read_options *opts, sitrep_reader **out);

/* Reads the next document. Returns SITREP_OK with *out set (caller frees
 * with sitrep_doc_free); SITREP_END when every path is done; or an error
 * status (SITREP_EIO, SITREP_EINPUT, SITREP_ETOOBIG) for an input that was
 * skipped, with sitrep_reader_errmsg naming file and line or byte: the
 * caller reports it and calls sitrep_reader_next again, since the reader
 * has moved past the bad input. */
sitrep_status sitrep_reader_next(sitrep_reader *r, sitrep_doc **out);
const char *sitrep_reader_errmsg(const sitrep_reader *r);
/* Bytes consumed so far and total bytes known (0 when unknown, e.g. stdin),
 * for progress reports. */
void sitrep_reader_progress(const sitrep_reader *r, uint64_t *done, uint64_t *total);
void sitrep_reader_close(sitrep_reader *r);

/* ------------------------------------------------------------------------
 * Records: what extraction found in one document.
 * The record of ../shared/spec/record.md, as read-only views. Every view
 * pointer is owned by the record and valid until sitrep_record_free.
 * ---------------------------------------------------------------------- */

typedef enum sitrep_outcome {
    SITREP_OUTCOME_KILLED, SITREP_OUTCOME_INJURED, SITREP_OUTCOME_MISSING,
    SITREP_OUTCOME_DETAINED, SITREP_OUTCOME_DISPLACED, SITREP_OUTCOME_TRAPPED
} sitrep_outcome;

typedef enum sitrep_group {
    SITREP_GROUP_PEOPLE, SITREP_GROUP_CIVILIANS, SITREP_GROUP_COMBATANTS,
    SITREP_GROUP_CHILDREN, SITREP_GROUP_WOMEN, SITREP_GROUP_MEN
} sitrep_group;

typedef enum sitrep_qualifier {
    SITREP_QUAL_EXACT, SITREP_QUAL_AT_LEAST, SITREP_QUAL_AT_MOST,
    SITREP_QUAL_ABOUT, SITREP_QUAL_RANGE, SITREP_QUAL_VAGUE
} sitrep_qualifier;

typedef enum sitrep_precision {
    SITREP_PREC_UNKNOWN = 0, SITREP_PREC_DAY, SITREP_PREC_WEEK,
    SITREP_PREC_MONTH, SITREP_PREC_YEAR
} sitrep_precision;

typedef enum sitrep_place_precision {
    SITREP_PLACE_POINT, SITREP_PLACE_TOWN, SITREP_PLACE_DISTRICT,
    SITREP_PLACE_ADMIN1, SITREP_PLACE_COUNTRY
} sitrep_place_precision;

typedef enum sitrep_cause_category {
    SITREP_CAUSE_UNKNOWN = 0, SITREP_CAUSE_AIRSTRIKE, SITREP_CAUSE_SHELLING,
    SITREP_CAUSE_EXPLOSION, SITREP_CAUSE_CHEMICAL, SITREP_CAUSE_SHOOTING,
    SITREP_CAUSE_EXECUTION, SITREP_CAUSE_TORTURE, SITREP_CAUSE_SIEGE
} sitrep_cause_category;

typedef enum sitrep_certainty {
    SITREP_CERT_REPORTED, SITREP_CERT_CONFIRMED, SITREP_CERT_UNVERIFIED,
    SITREP_CERT_DISPUTED, SITREP_CERT_DENIED
} sitrep_certainty;

/* The exact words that gave a value: body[start, end). `rule` names the rule
 * or lexicon entry that produced the value ("count.passive",
 * "data/outcomes.txt:12 killed"); static or owned by the record. */
typedef struct sitrep_evidence {
    uint32_t start, end;
    const char *rule;
} sitrep_evidence;

typedef struct sitrep_count {
    sitrep_outcome outcome;
    sitrep_group group;
    int64_t min;           /* -1 when not given (vague counts such as "dozens" give a min) */
    int64_t max;           /* -1 = open-ended or not given */
    sitrep_qualifier qualifier;
    sitrep_evidence evidence;
} sitrep_count;

typedef struct sitrep_date {
    int present;
    char from[11], to[11]; /* "YYYY-MM-DD" */
    sitrep_precision precision;
    sitrep_evidence evidence;
} sitrep_date;

typedef struct sitrep_place {
    int present;
    const char *name;      /* gazetteer name */
    const char *admin1;    /* first-level division name, or NULL */
    char country[3];       /* ISO 3166-1 alpha-2, or "" */
    double lat, lon;
    int64_t geonames_id;   /* 0 when the place comes from the project's supplement without one */
    sitrep_place_precision precision;
    sitrep_evidence evidence;
} sitrep_place;

typedef struct sitrep_actor {
    int present;
    const char *name;      /* as the text names it */
    const char *actor;     /* canonical actor name */
    sitrep_evidence evidence;
} sitrep_actor;

typedef struct sitrep_cause {
    int present;
    sitrep_cause_category category;
    sitrep_evidence evidence;
} sitrep_cause;

typedef struct sitrep_claim {
    int present;
    const char *name;
    sitrep_evidence evidence;
} sitrep_claim;

typedef struct sitrep_span {
    uint32_t start, end;
} sitrep_span;

typedef enum sitrep_scope {
    SITREP_SCOPE_EVENT = 0, /* one event */
    SITREP_SCOPE_WAR        /* a war-wide or long-period total ("the war has killed 320,000") */
} sitrep_scope;

typedef struct sitrep_incident {
    const sitrep_count *counts;
    size_t ncounts;
    sitrep_date date;
    sitrep_place place;
    sitrep_actor perpetrator;
    sitrep_cause cause;
    sitrep_claim claimed_by;
    sitrep_certainty certainty;
    sitrep_scope scope;
    const sitrep_span *sentences;
    size_t nsentences;
} sitrep_incident;

/* The FA-KES / VDC view of the article's main incident. Strings are static
 * or owned by the record; numbers are 0 when not given.
 *
 * The numbers and the date are those of the main incident (its killed
 * counts and its date's from): the evidence of each is that of the main
 * incident's counts and date. location, actor and cause_of_death often come
 * from elsewhere when the main incident lacks them (src/summary.c states the
 * rules), so each has evidence of its own: the words that gave the value and
 * the summary rule that chose them ("summary.main_incident",
 * "summary.lead_word", ...; static or owned by the record, like all
 * evidence). A field that is "" or "unknown" because nothing gave it has
 * the evidence {0, 0, NULL}; the rule is "" when the words are known but not
 * the rule (a record read from JSON written without rules). */
typedef struct sitrep_summary {
    int present;
    const char *location;        /* "aleppo", ...; "" when none */
    const char *actor;           /* FA-KES actor vocabulary */
    const char *cause_of_death;  /* FA-KES cause vocabulary */
    int64_t nb_civilians, nb_noncivilians, nb_children, nb_women;
    char date[11];               /* "" when none */
    int main_incident;           /* index into the incidents, -1 if none */
    struct {
        sitrep_evidence location, actor, cause_of_death;
    } evidence;                  /* where the three values came from (rule NULL: nowhere) */
} sitrep_summary;

typedef struct sitrep_record sitrep_record;

/* Extracts every reported harm event of doc. doc is not modified and may be
 * freed after the call (the record keeps its own copy of what it needs).
 * Caller frees *out with sitrep_record_free. Text with no harm event gives
 * a record with no incidents, not an error. */
sitrep_status sitrep_extract(sitrep_ctx *ctx, const sitrep_doc *doc, sitrep_record **out);
void sitrep_record_free(sitrep_record *rec);

/* The document's metadata as the record sees it (after detection from the
 * text). Owned by the record. published_from is "input", "text" or NULL. */
typedef struct sitrep_docinfo {
    const char *id, *source, *title, *published, *published_from, *url;
    const char *text;
    size_t text_len;
} sitrep_docinfo;

const sitrep_docinfo *sitrep_record_doc(const sitrep_record *rec);
const sitrep_incident *sitrep_record_incidents(const sitrep_record *rec, size_t *n);
const sitrep_summary *sitrep_record_summary(const sitrep_record *rec);
/* Warnings as NUL-terminated strings; *n receives the number. */
const char *const *sitrep_record_warnings(const sitrep_record *rec, size_t *n);

/* Spans of the body that cleaning marked as boilerplate (menus, captions,
 * sign-offs), in order. */
const sitrep_span *sitrep_record_boilerplate(const sitrep_record *rec, size_t *n);

/* Names of enum values as written in records ("killed", "at_least", ...).
 * Static strings. */
const char *sitrep_outcome_name(sitrep_outcome v);
const char *sitrep_group_name(sitrep_group v);
const char *sitrep_qualifier_name(sitrep_qualifier v);
const char *sitrep_precision_name(sitrep_precision v);
const char *sitrep_place_precision_name(sitrep_place_precision v);
const char *sitrep_cause_name(sitrep_cause_category v);
const char *sitrep_certainty_name(sitrep_certainty v);

enum {
    SITREP_JSON_TEXT = 1 << 0,   /* include doc.text */
    SITREP_JSON_PRETTY = 1 << 1, /* indented, several lines */
    SITREP_JSON_RULES = 1 << 2   /* include evidence.rule */
};

/* The record as one JSON object (one line unless SITREP_JSON_PRETTY),
 * without a trailing newline. Caller frees *out with sitrep_free. */
sitrep_status sitrep_record_json(const sitrep_record *rec, unsigned flags, char **out, size_t *len);

/* The same JSON followed by a newline, appended to a buffer that the caller
 * keeps from record to record (so that a stream of records is written with
 * no allocation per record): *buf holds *len bytes in *cap (NULL, 0, 0 to
 * begin; grown as needed, NUL-terminated; the caller frees *buf with
 * sitrep_free). On an error *len is as it was. */
sitrep_status sitrep_record_json_append(const sitrep_record *rec, unsigned flags, char **buf, size_t *len,
                                        size_t *cap);

enum {
    SITREP_EXPLAIN_COLOR = 1 << 0 /* mark the evidence words with ANSI bold, not [brackets] */
};

/* Writes the readable --explain table of rec to fp (up to 100 columns): a
 * block per incident with each value, the words it came from (in context,
 * marked) and the rule or lexicon entry that produced it; the summary with
 * the incident it came from and why; the warnings. flags: SITREP_EXPLAIN_*. */
sitrep_status sitrep_record_explain(const sitrep_record *rec, unsigned flags, FILE *fp);

/* ------------------------------------------------------------------------
 * Evaluation against gold files (eval module).
 * ---------------------------------------------------------------------- */

/* sitrep_eval_run reads a gold CSV, extracts each of its documents and
 * scores the records exactly as the project's judge does
 * (../shared/tools/score.py; the rules are written in src/eval.h): the same
 * rows, the same comparisons, the same majority-answer baselines. The kind
 * of gold is told by its columns. */

typedef enum sitrep_gold_kind {
    SITREP_GOLD_FAKES = 1, /* unit_id, source, date, title, content, location, actor, cause_of_death,
                              nb_civilians, nb_noncivilians, nb_children, nb_women */
    SITREP_GOLD_WAD        /* event_id, description, deaths (other columns unused) */
} sitrep_gold_kind;

/* "fakes", "wad". Static. */
const char *sitrep_gold_kind_name(sitrep_gold_kind kind);

/* The fields a kind of gold scores, NULL-terminated, static:
 * fakes: location actor cause_of_death nb_civilians nb_noncivilians
 *        nb_children nb_women published
 * wad:   exact (summary.nb_civilians == deaths)
 *        killed_count (some killed count's min == deaths) */
const char *const *sitrep_eval_fields(sitrep_gold_kind kind);

typedef struct sitrep_eval_options {
    /* Score the records of this file (JSON Lines as `sitrep extract` writes
     * them, the first record of each doc.id) instead of extracting; ctx may
     * then be NULL. NULL: extract each gold document with ctx. */
    const char *records_path;
    int misses;             /* keep each wrong row with the evidence used, for sitrep_eval_write */
    const char *miss_field; /* only the misses of this field; NULL: all fields */
    /* Called after each gold row (may be NULL): rows done, bytes of the gold
     * file read, its size (0 when unknown). */
    void (*progress)(void *arg, size_t rows, uint64_t bytes_done, uint64_t bytes_total);
    void *progress_arg;
} sitrep_eval_options;

typedef struct sitrep_eval sitrep_eval;

/* Scores ctx's extraction (or the records of opts->records_path) against
 * the gold file at gold_path ("-": standard input). opts may be NULL. A row that cannot be read is skipped, and a
 * document that cannot be extracted scores as a missing record does; a
 * warning says so (sitrep_eval_warnings). Fails with
 * SITREP_EIO (file), SITREP_EINPUT (columns of neither kind, or no row),
 * SITREP_EUSAGE (miss_field is not a field of the gold's kind) or
 * SITREP_ENOMEM; then *out is NULL and errbuf (when not NULL) says why.
 * Caller frees *out with sitrep_eval_free. */
sitrep_status sitrep_eval_run(sitrep_ctx *ctx, const char *gold_path, const sitrep_eval_options *opts,
                              sitrep_eval **out, char *errbuf, size_t errbuf_size);
void sitrep_eval_free(sitrep_eval *ev);

sitrep_gold_kind sitrep_eval_kind(const sitrep_eval *ev);
/* Gold rows scored; records (documents extracted, one per distinct id, or
 * the distinct ids of the records file: as score.py counts records). Either
 * pointer may be NULL. */
void sitrep_eval_totals(const sitrep_eval *ev, size_t *rows, size_t *records);

typedef struct sitrep_eval_score {
    const char *field;           /* as sitrep_eval_fields names it */
    size_t correct, rows;
    double accuracy;             /* correct / rows; 0 when no rows */
    int has_majority;            /* whether a majority baseline is given */
    double majority;             /* share of rows whose gold is the most common gold value */
    const char *majority_answer; /* that value, or NULL */
} sitrep_eval_score;

/* The scores, in the order of sitrep_eval_fields. Owned by ev. */
const sitrep_eval_score *sitrep_eval_scores(const sitrep_eval *ev, size_t *n);
/* The score of one field, or NULL when the gold's kind has no such field. */
const sitrep_eval_score *sitrep_eval_score_of(const sitrep_eval *ev, const char *field);
/* Rows skipped, documents not extracted and the like. Owned by ev. */
const char *const *sitrep_eval_warnings(const sitrep_eval *ev, size_t *n);

typedef enum sitrep_eval_format {
    SITREP_EVAL_TEXT = 0, /* for people: misses, confusion tables, then the scores */
    SITREP_EVAL_JSON      /* one JSON object */
} sitrep_eval_format;

enum {
    SITREP_EVAL_COLOR = 1 << 0 /* text: ANSI bold for headings and evidence words */
};

/* Writes the report: the scores with their baselines, a confusion table
 * for each categorical field, and the misses when they were kept. */
sitrep_status sitrep_eval_write(const sitrep_eval *ev, sitrep_eval_format format, unsigned flags, FILE *fp);

/* ------------------------------------------------------------------------
 * Store, fusion and reference checks (store module, SQLite).
 * ---------------------------------------------------------------------- */

/* A store is an SQLite database of records (WAL journal, FTS5 over the
 * document text): documents stored once by content, their incidents
 * ("reports") with counts and evidence spans, fused incidents, and reference
 * records for checks. One handle belongs to one thread; several processes
 * may write one database at once (each write waits for the others: busy
 * timeout and retry). A failing call leaves a message on the handle
 * (sitrep_store_errmsg), valid until the next call on it. */
typedef struct sitrep_store sitrep_store;

enum {
    SITREP_STORE_READONLY = 1 << 0, /* open for reading only */
    SITREP_STORE_NOCREATE = 1 << 1, /* fail with SITREP_ENOTFOUND when the file does not exist */
    SITREP_STORE_MIGRATE = 1 << 2   /* with READONLY: a database of an older schema is first
                                     * brought up to date when the file can be written */
};

/* Opens (creating it unless SITREP_STORE_NOCREATE) the database at path and
 * brings its schema to the current version (migrations run in a
 * transaction). A READONLY open never writes, so a database of an older
 * schema fails with SITREP_EDB and the message "database schema vN is older
 * than this sitrep (vM): run `sitrep ingest --db PATH` or `sitrep migrate
 * --db PATH`"; with SITREP_STORE_MIGRATE too, such a database is migrated
 * first (by a short writing connection) when the file and its directory can
 * be written, and gives that message only when they cannot. On failure *out
 * is NULL and errbuf (when not NULL) says why. Caller frees *out with
 * sitrep_store_close. */
sitrep_status sitrep_store_open(const char *path, unsigned flags, sitrep_store **out, char *errbuf,
                                size_t errbuf_size);
void sitrep_store_close(sitrep_store *s);
const char *sitrep_store_errmsg(const sitrep_store *s);
/* The schema version of the open database (PRAGMA user_version). */
int sitrep_store_schema_version(sitrep_store *s);
/* The schema version this library writes. */
#define SITREP_STORE_SCHEMA_VERSION 4

/* The schema version of the database file at path, read without migrating
 * or writing anything (0: a file with no sitrep schema yet). SITREP_ENOTFOUND
 * when there is no such file. */
sitrep_status sitrep_store_file_version(const char *path, int *version, char *errbuf, size_t errbuf_size);

/* Batches: everything between begin and commit is one transaction, so an
 * interrupted ingest leaves whole batches or nothing of a batch. begin takes
 * the write lock at once (BEGIN IMMEDIATE), waiting for other writers.
 * Without begin, each ingest is its own transaction. */
sitrep_status sitrep_store_begin(sitrep_store *s);
sitrep_status sitrep_store_commit(sitrep_store *s);
sitrep_status sitrep_store_rollback(sitrep_store *s);

/* Before extracting doc: whether the store already holds a document with
 * the same text (by content hash; texts that differ only in whitespace are
 * the same text). When it does, *seen is 1 and doc's id,
 * if new, is kept as another id of that document. */
sitrep_status sitrep_store_seen(sitrep_store *s, const sitrep_doc *doc, int *seen);

/* Stores rec (document, incidents, counts, places, actors, evidence). When
 * a document with the same text is already stored, nothing is added but
 * rec's id as another id of it, and *added is 0. New incidents wait for
 * fusion (sitrep_store_fuse). rec is not kept. */
sitrep_status sitrep_store_ingest(sitrep_store *s, const sitrep_record *rec, int *added);

typedef struct sitrep_fuse_stats {
    size_t reports;   /* reports fused by this call */
    size_t joined;    /* of which joined an existing fused incident */
    size_t created;   /* fused incidents created */
} sitrep_fuse_stats;

/* Fuses the reports that are not fused yet (incremental: only fused
 * incidents near each new report in place and time are considered). With
 * rebuild, forgets every fused incident first and fuses all reports again.
 * Inside a batch this is part of the batch; otherwise each chunk of reports
 * is committed on its own, so an interrupted fusion leaves the rest pending
 * for the next call, and stats count what was committed. The rule is stated
 * in src/fuse.c. stats may be NULL. */
sitrep_status sitrep_store_fuse(sitrep_store *s, int rebuild, sitrep_fuse_stats *stats);

/* Parses one JSON record as sitrep_record_json writes it with
 * SITREP_JSON_TEXT (doc.text is required: offsets refer to it). Caller frees
 * *out with sitrep_record_free; on failure errbuf says what is wrong. */
sitrep_status sitrep_record_parse(const char *json, size_t len, sitrep_record **out, char *errbuf,
                                  size_t errbuf_size);

typedef struct sitrep_store_counts {
    int64_t documents, reports, fused, pending, references;
} sitrep_store_counts;
sitrep_status sitrep_store_stats(sitrep_store *s, sitrep_store_counts *out);

/* ---- full-text search ---- */

typedef struct sitrep_search_hit {
    int64_t document_id;
    const char *id, *source, *title, *published;
    const char *snippet;              /* a few words around the matches, matches in [ ] */
    const char *text;                 /* the document's body */
    size_t text_len;
    const sitrep_span *sentences;     /* the sentences that hold a match, in order */
    size_t nsentences;
} sitrep_search_hit;

typedef struct sitrep_search_iter sitrep_search_iter;

/* query is an FTS5 query (words, "phrases", prefix*, AND OR NOT). Hits come
 * best first; limit 0 means 20. Caller frees *out with
 * sitrep_search_iter_free. A malformed query gives SITREP_EUSAGE. */
sitrep_status sitrep_store_search(sitrep_store *s, const char *query, size_t limit,
                                  sitrep_search_iter **out);
/* SITREP_OK with *hit (owned by the iterator, valid until the next call),
 * or SITREP_END. */
sitrep_status sitrep_search_next(sitrep_search_iter *it, const sitrep_search_hit **hit);
void sitrep_search_iter_free(sitrep_search_iter *it);

/* ---- fused incidents ---- */

typedef struct sitrep_incident_filter {
    const char *from, *to;   /* YYYY-MM-DD: incidents whose dates meet [from, to] */
    const char *place;       /* place name or first-level division (case and accents ignored) */
    const char *actor;       /* canonical actor, or as named, (substring, case ignored) */
    const char *cause;       /* cause category ("airstrike", ...) */
    int conflicting;         /* only incidents whose sources conflict */
    int with_war;            /* also war-wide totals (scope "war") */
    size_t limit;            /* 0: no limit */
    int no_claims;           /* items without their claims (nclaims 0): faster for
                              * lists that show only the figures */
} sitrep_incident_filter;

/* One figure of a fused incident: per (outcome, group), the lowest and
 * highest claimed figures. */
typedef struct sitrep_fused_count {
    sitrep_outcome outcome;
    sitrep_group group;
    int64_t low, high;
    int open_high;   /* some claim is open-ended ("at least") */
    int nclaims;
    int conflict;    /* the sources give different figures */
} sitrep_fused_count;

/* One source's claim: a report of one article. */
typedef struct sitrep_source_claim {
    int64_t document_id, report_id;
    const char *doc_id, *source, *title, *published;
    const char *claimant;          /* who says so, or NULL */
    sitrep_certainty certainty;
    const char *date_from, *date_to; /* or NULL */
    const char *place;             /* or NULL */
    const char *cause;             /* or NULL */
    const char *actor;             /* or NULL */
    const sitrep_count *counts;    /* evidence offsets refer to the claim's document */
    const char *const *count_words;/* the words of each count's evidence */
    size_t ncounts;
    /* The report's sentences as extraction cut them at ingest (offsets into
     * the claim's document), and for each count the one that holds its
     * words: count_sentence[i] is that sentence's span (widened to hold the
     * words should they run past it) and count_sentence_text[i] its text;
     * {0, 0} and NULL when no stored sentence holds them. */
    const sitrep_span *sentences;
    size_t nsentences;
    const sitrep_span *count_sentence;
    const char *const *count_sentence_text;
} sitrep_source_claim;

typedef struct sitrep_fused_incident {
    int64_t id;
    sitrep_scope scope;
    const char *date_from, *date_to;   /* or NULL */
    const char *place, *admin1, *country; /* or NULL */
    int has_coords;
    double lat, lon;
    const char *cause, *actor;         /* or NULL */
    int64_t killed_low, killed_high;   /* fatalities; -1 when no figure */
    int nsources, nreports;
    int conflicting;
    const sitrep_fused_count *counts;
    size_t ncounts;
    const sitrep_source_claim *claims;
    size_t nclaims;
} sitrep_fused_incident;

typedef struct sitrep_incident_iter sitrep_incident_iter;

/* Fused incidents that pass filter (NULL: all), by date then id. Caller
 * frees *out with sitrep_incident_iter_free. */
sitrep_status sitrep_store_incidents(sitrep_store *s, const sitrep_incident_filter *filter,
                                     sitrep_incident_iter **out);
/* SITREP_OK with *inc (owned by the iterator, valid until the next call),
 * or SITREP_END. */
sitrep_status sitrep_incident_next(sitrep_incident_iter *it, const sitrep_fused_incident **inc);
void sitrep_incident_iter_free(sitrep_incident_iter *it);

/* The fused incident with that id, whatever its scope, with every source's
 * claim (the same item sitrep_incident_next gives). SITREP_ENOTFOUND (and a
 * message on s) when there is none. *out does not depend on s: caller frees
 * it with sitrep_fused_incident_free. */
sitrep_status sitrep_store_incident(sitrep_store *s, int64_t id, sitrep_fused_incident **out);
void sitrep_fused_incident_free(sitrep_fused_incident *inc);

/* Figures over every fused incident that passes filter (NULL: all event
 * incidents), computed by the database whatever their number; filter->limit
 * is ignored. */
typedef struct sitrep_incident_totals {
    int64_t incidents;     /* fused incidents */
    int64_t conflicting;   /* of which the sources conflict */
    int64_t claims;        /* source claims (reports) they hold */
    int64_t war_wide;      /* of which war-wide totals: their deaths are not added below */
    int64_t killed_low;    /* deaths, summed over the event incidents: the lowest claims */
    int64_t killed_high;   /* the highest claims (the lowest where no higher is given) */
} sitrep_incident_totals;
sitrep_status sitrep_store_incident_totals(sitrep_store *s, const sitrep_incident_filter *filter,
                                           sitrep_incident_totals *out);

/* ---- stored documents ---- */

/* The record of a stored document, found by any id it was given (doc.id of
 * any ingest of the same text), exactly as stored at ingest: doc info
 * (doc.id is the first id) and text, every incident with its counts, date,
 * place, perpetrator, cause and claimant, each with its evidence span and
 * rule, the incident's sentences, the summary, the warnings and the
 * boilerplate spans. Nothing is extracted again: what a later extractor
 * would find does not change it. SITREP_ENOTFOUND (and a message on s) when
 * no document has that id. *out does not depend on s: caller frees it with
 * sitrep_record_free. */
sitrep_status sitrep_store_document(sitrep_store *s, const char *id, sitrep_record **out);

/* Where the stored document with that id stands in the store: its number
 * (*document_id, as sitrep_source_claim.document_id; may be NULL) and, for
 * each of its incidents i < n (the order of sitrep_record_incidents), the
 * fused incident that holds it (fused[i]; 0 while it waits for fusion).
 * SITREP_ENOTFOUND when no document has that id. */
sitrep_status sitrep_store_document_fused(sitrep_store *s, const char *id, int64_t *document_id, int64_t *fused,
                                          size_t n);

/* ---- reference records and checks ---- */

typedef enum sitrep_reference_format {
    SITREP_REF_VDC_DAILY, /* date,governorate,deaths[,weapons,perpetrator]: daily totals */
    SITREP_REF_UCDP_GED,  /* UCDP GED event CSV (id, date_start, date_end, adm_1, best, ...) */
    SITREP_REF_WAD        /* Worldwide Atrocities Dataset CSV (event_id, date, region, deaths, ...) */
} sitrep_reference_format;

/* Parses "vdc-daily", "ucdp-ged", "wad". */
sitrep_status sitrep_reference_format_parse(const char *name, sitrep_reference_format *out);

/* Imports the records of a CSV file as the reference set `name` (NULL: the
 * file's base name), replacing a set of that name, in one transaction.
 * *imported and *skipped (may be NULL) receive the row counts; rows that
 * cannot be read are skipped and the first such row is named by
 * sitrep_store_errmsg (the call still returns SITREP_OK). */
sitrep_status sitrep_reference_import(sitrep_store *s, const char *path, sitrep_reference_format fmt,
                                      const char *name, size_t *imported, size_t *skipped);

typedef enum sitrep_check_result {
    SITREP_CHECK_CONSISTENT,
    SITREP_CHECK_INCONSISTENT,
    SITREP_CHECK_NO_RECORD,       /* no reference record for that governorate and those dates */
    SITREP_CHECK_UNCHECKABLE      /* the claim lacks a governorate, dates or a figure */
} sitrep_check_result;

typedef enum sitrep_verdict {
    SITREP_VERDICT_CREDIBLE,      /* some claim checked consistent, none inconsistent */
    SITREP_VERDICT_DOUBTFUL,      /* some claim inconsistent with the record */
    SITREP_VERDICT_UNVERIFIED     /* nothing could be checked */
} sitrep_verdict;

/* One claim of civilian deaths set against the reference records. */
typedef struct sitrep_claim_check {
    int64_t report_id;
    const char *governorate;          /* the key the records were looked up by, or NULL */
    const char *date_from, *date_to;  /* the window looked up, or NULL */
    int64_t claimed_low, claimed_high;
    sitrep_check_result result;
    int direction;                    /* +1 over-reported, -1 under-reported, 0 */
    int64_t documented_low, documented_high; /* what the records give (sum of daily totals, or the closest event) */
    int64_t difference;               /* claimed - documented, beyond the tolerance; 0 when consistent */
    size_t nrecords;                  /* reference records looked at */
    const char *reason;               /* one sentence */
} sitrep_claim_check;

typedef struct sitrep_article_check {
    int64_t document_id;
    const char *doc_id, *source, *title, *published;
    sitrep_verdict verdict;
    const char *reason;               /* one sentence */
    const sitrep_claim_check *claims;
    size_t nclaims;
} sitrep_article_check;

typedef struct sitrep_check_options {
    double tolerance;   /* relative tolerance (0: default 0.25) */
    int64_t slack;      /* absolute tolerance in deaths (0: default 2) */
} sitrep_check_options;

const char *sitrep_check_result_name(sitrep_check_result r);  /* "consistent", ... */
const char *sitrep_verdict_name(sitrep_verdict v);            /* "credible", ... */

typedef struct sitrep_check_iter sitrep_check_iter;

/* Checks every stored article (rule in src/check.c). opts may be NULL.
 * Caller frees *out with sitrep_check_iter_free. */
sitrep_status sitrep_store_check(sitrep_store *s, const sitrep_check_options *opts, sitrep_check_iter **out);
/* SITREP_OK with *chk (owned by the iterator, valid until the next call),
 * or SITREP_END. */
sitrep_status sitrep_check_next(sitrep_check_iter *it, const sitrep_article_check **chk);
void sitrep_check_iter_free(sitrep_check_iter *it);

/* ------------------------------------------------------------------------
 * Web view (serve module, libmicrohttpd).
 * ---------------------------------------------------------------------- */

/* A local web view of a store: incidents with every source's claim side by
 * side, each article with its extracted words highlighted, a map and a
 * timeline drawn as SVG, and a form that extracts a pasted article. Pages
 * and the JSON API are listed in the README ("Web view"). */
typedef struct sitrep_server sitrep_server;

typedef struct sitrep_serve_options {
    const char *db_path;      /* the store to show; NULL: no store (paste only) */
    const char *listen_addr;  /* IPv4 or IPv6 address; NULL: "127.0.0.1" */
    unsigned port;            /* 0: any free port (sitrep_serve_url tells which) */
    int allow_ingest;         /* pasted articles may be stored in the store */
    unsigned threads;         /* worker threads; 0: twice the cores, 4 to 32 */
    size_t max_body;          /* largest request body in bytes; 0: 2 MiB */
    unsigned timeout_s;       /* a silent client is dropped after this; 0: 15 s */
    const char *map_path;     /* world-atlas countries TopoJSON; NULL: $SITREP_MAP,
                               * countries-50m.json beside the executable, then
                               * SITREP_DATADIR (none found: a warning, no outlines) */
} sitrep_serve_options;

/* Starts serving in background threads and returns at once. ctx must
 * outlive the server. On failure (address in use, store not readable) *out
 * is NULL and errbuf says why. Caller stops with sitrep_serve_stop. */
sitrep_status sitrep_serve_start(sitrep_ctx *ctx, const sitrep_serve_options *opts, sitrep_server **out,
                                 char *errbuf, size_t errbuf_size);
/* "http://127.0.0.1:8080/". Owned by the server. */
const char *sitrep_serve_url(const sitrep_server *srv);
/* A warning about how the server started (no map outlines found), or NULL. */
const char *sitrep_serve_warning(const sitrep_server *srv);
/* Stops serving (waits for the requests under way) and frees srv. */
void sitrep_serve_stop(sitrep_server *srv);

#ifdef __cplusplus
}
#endif
#endif /* SITREP_H */
