/* A clock for tests (LD_PRELOAD): time(2) and CLOCK_REALTIME say $TRACESEAL_FAKE_NOW (Unix
 * seconds), so a test can run the CLI as if today were years from now. Test-only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <time.h>

static long long fake_now(void) {
    const char* v = getenv("TRACESEAL_FAKE_NOW");
    return v ? atoll(v) : -1;
}

time_t time(time_t* out) {
    long long now = fake_now();
    if (now < 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        now = ts.tv_sec;
    }
    if (out) *out = (time_t)now;
    return (time_t)now;
}

int clock_gettime(clockid_t id, struct timespec* ts) {
    static int (*real)(clockid_t, struct timespec*);
    if (!real) real = (int (*)(clockid_t, struct timespec*))dlsym(RTLD_NEXT, "clock_gettime");
    const long long now = fake_now();
    if (id == CLOCK_REALTIME && now >= 0) {
        ts->tv_sec = (time_t)now;
        ts->tv_nsec = 0;
        return 0;
    }
    return real(id, ts);
}
