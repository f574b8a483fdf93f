/* mhd_lazy.c - the program opens libmicrohttpd, the web server of `sitrep
 * serve`, when serve starts one, not when the program starts. Linked as a
 * library of the program, it and the TLS stack it links (gnutls and eight
 * more libraries) were loaded and relocated by every command: 9 to 16 ms of
 * each start, the time of 170 KB of extraction. The functions of the
 * library that serve.c calls are defined here and call the library's own,
 * found once with dlsym. (The unit tests link the library as usual.) */
#include <dlfcn.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* the library's name with its ABI version (the Makefile reads it from the
 * library the program is built against) */
#ifndef SR_MHD_SONAME
#define SR_MHD_SONAME "libmicrohttpd.so.12"
#endif

static struct {
    struct MHD_Daemon *(*start_va)(unsigned int, uint16_t, MHD_AcceptPolicyCallback, void *,
                                   MHD_AccessHandlerCallback, void *, va_list);
    void (*stop)(struct MHD_Daemon *);
    const union MHD_DaemonInfo *(*info)(struct MHD_Daemon *, enum MHD_DaemonInfoType, ...);
    struct MHD_Response *(*create)(size_t, void *, enum MHD_ResponseMemoryMode);
    enum MHD_Result (*add_header)(struct MHD_Response *, const char *, const char *);
    void (*destroy)(struct MHD_Response *);
    enum MHD_Result (*queue)(struct MHD_Connection *, unsigned int, struct MHD_Response *);
    const char *(*lookup)(struct MHD_Connection *, enum MHD_ValueKind, const char *);
} mhd;
static bool mhd_ok;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;

/* POSIX's way to a function from dlsym: the pointer's bytes */
#define FIND(lib, field, name) (*(void **)(&mhd.field) = dlsym((lib), (name))) != NULL

static void mhd_open(void)
{
    void *lib = dlopen(SR_MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        fprintf(stderr, "sitrep: cannot load the web server library: %s\n", dlerror());
        return;
    }
    mhd_ok = FIND(lib, start_va, "MHD_start_daemon_va") && FIND(lib, stop, "MHD_stop_daemon") &&
             FIND(lib, info, "MHD_get_daemon_info") && FIND(lib, create, "MHD_create_response_from_buffer") &&
             FIND(lib, add_header, "MHD_add_response_header") && FIND(lib, destroy, "MHD_destroy_response") &&
             FIND(lib, queue, "MHD_queue_response") && FIND(lib, lookup, "MHD_lookup_connection_value");
    if (!mhd_ok)
        fprintf(stderr, "sitrep: the web server library %s lacks a function: %s\n", SR_MHD_SONAME, dlerror());
}

/* Every function but the first is called with something the library made
 * after it was opened; each opens it all the same, at the cost of a test. */
static bool mhd_ready(void) { return pthread_once(&mhd_once, mhd_open) == 0 && mhd_ok; }

struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh, void *dh_cls, ...)
{
    if (!mhd_ready())
        return NULL;
    va_list ap;
    va_start(ap, dh_cls);
    struct MHD_Daemon *d = mhd.start_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
    va_end(ap);
    return d;
}

void MHD_stop_daemon(struct MHD_Daemon *daemon)
{
    if (mhd_ready())
        mhd.stop(daemon);
}

/* The information serve.c asks for (the port bound) takes no argument after
 * its type. */
const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *daemon, enum MHD_DaemonInfoType info_type, ...)
{
    return mhd_ready() ? mhd.info(daemon, info_type) : NULL;
}

struct MHD_Response *MHD_create_response_from_buffer(size_t size, void *buffer, enum MHD_ResponseMemoryMode mode)
{
    return mhd_ready() ? mhd.create(size, buffer, mode) : NULL;
}

enum MHD_Result MHD_add_response_header(struct MHD_Response *response, const char *header, const char *content)
{
    return mhd_ready() ? mhd.add_header(response, header, content) : MHD_NO;
}

void MHD_destroy_response(struct MHD_Response *response)
{
    if (mhd_ready())
        mhd.destroy(response);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
    return mhd_ready() ? mhd.queue(connection, status_code, response) : MHD_NO;
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection, enum MHD_ValueKind kind, const char *key)
{
    return mhd_ready() ? mhd.lookup(connection, kind, key) : NULL;
}
