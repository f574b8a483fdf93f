/* read.h - readers: files and directories to documents, streamed.
 * One reader per format (read_text.c, read_jsonl.c, read_csv.c,
 * read_html.c) behind the public sitrep_reader. */
#ifndef SR_READ_H
#define SR_READ_H

#include "doc.h"

#endif
