/*
 * The yardstick for `make bench`: a minimal multithreaded libfcgi responder that answers every
 * request with the same small JSON body (about the size of a sync progress object), so that the
 * FastCGI comparison measures the server plumbing, not the work behind a status endpoint.
 *
 *   cc -O2 -o fcgi-minimal bench/fcgi-minimal.c -lfcgi -lpthread     (apt-get install libfcgi-dev)
 *   fcgi-minimal SOCKET_PATH [THREADS]                                 (THREADS defaults to 4)
 *
 * Each thread owns one FCGX_Request. With `fastcgi_keep_conn on` libfcgi keeps a request bound to
 * its connection, and FCGX_Accept_r then blocks reading that (possibly idle) connection. So the
 * accept mutex is only taken when the request has no connection (it is about to accept a new
 * one); holding it around a read of a kept connection would stall every other thread. It also
 * means one thread serves one nginx connection at a time: give it at least as many threads as
 * nginx opens upstream connections (the number of concurrent clients), or requests queued on the
 * surplus connections wait in the listen backlog until nginx times them out.
 */
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char body[] =
    "{\"id\":12,\"status\":\"in_progress\",\"mode\":\"proxy\",\"kinds\":[\"collection\",\"wantlist\"],"
    "\"full\":false,\"phase\":\"reading the collection, page 3\","
    "\"requests\":{\"total\":40,\"done\":12,\"failed\":0,\"open\":28},\"releases_queued\":230,"
    "\"percent\":4.6,\"eta_seconds\":258,\"rate_limit\":{\"limit\":60,\"used\":12,\"remaining\":48},"
    "\"started_at\":\"2026-11-21T09:59:58.010Z\",\"finished_at\":null,\"error\":null,"
    "\"stats\":{\"items_added\":3,\"releases_fetched\":10},\"site\":{\"state\":\"waiting\",\"live_at\":null}}\n";

static pthread_mutex_t accept_mutex = PTHREAD_MUTEX_INITIALIZER;
static int listen_fd;
static char header[128];
static int header_len;

static void *serve(void *unused) {
    (void)unused;
    FCGX_Request request;
    if (FCGX_InitRequest(&request, listen_fd, 0) != 0) {
        fprintf(stderr, "fcgi-minimal: FCGX_InitRequest failed\n");
        exit(1);
    }
    for (;;) {
        int locked = request.ipcFd < 0;
        if (locked) pthread_mutex_lock(&accept_mutex);
        int rc = FCGX_Accept_r(&request);
        if (locked) pthread_mutex_unlock(&accept_mutex);
        if (rc < 0) {
            /* The connection broke (nginx closed it mid-request): drop it and accept again. */
            FCGX_Finish_r(&request);
            continue;
        }
        FCGX_PutStr(header, header_len, request.out);
        FCGX_PutStr(body, (int)sizeof(body) - 1, request.out);
        FCGX_Finish_r(&request);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s SOCKET_PATH [THREADS]\n", argv[0]);
        return 2;
    }
    int threads = argc == 3 ? atoi(argv[2]) : 4;
    if (threads < 1 || threads > 4096) {
        fprintf(stderr, "fcgi-minimal: THREADS must be between 1 and 4096\n");
        return 2;
    }
    header_len = snprintf(header, sizeof header,
                          "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                          sizeof(body) - 1);
    if (FCGX_Init() != 0) {
        fprintf(stderr, "fcgi-minimal: FCGX_Init failed\n");
        return 1;
    }
    /* FCGX_Init installs SIGTERM/SIGUSR1 handlers that only flag a "shutdown pending", which a
       thread blocked in accept or read never notices: let TERM end the process again. */
    signal(SIGTERM, SIG_DFL);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGPIPE, SIG_IGN);
    unlink(argv[1]);
    listen_fd = FCGX_OpenSocket(argv[1], 1024);
    if (listen_fd < 0) {
        fprintf(stderr, "fcgi-minimal: cannot listen on %s\n", argv[1]);
        return 1;
    }
    chmod(argv[1], 0666); /* nginx workers may run as another user */
    fprintf(stderr, "fcgi-minimal: %d threads on %s\n", threads, argv[1]);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    for (int i = 1; i < threads; i++) {
        pthread_t thread;
        if (pthread_create(&thread, &attr, serve, NULL) != 0) {
            fprintf(stderr, "fcgi-minimal: cannot start thread %d\n", i);
            return 1;
        }
    }
    serve(NULL);
    return 0;
}
