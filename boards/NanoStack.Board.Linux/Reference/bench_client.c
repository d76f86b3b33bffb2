/*
 * NanoStack bench client: drives a stack under test (NanoStack or the lwIP reference) from the
 * Linux kernel's TCP, inside the bench's network namespace, and prints one result line.
 *
 *   bench_client up   HOST BYTES   - sends BYTES to the discard service (port 9), shuts down its
 *                                    side and waits for the server to close; prints Mbit/s
 *   bench_client down HOST BYTES   - asks the source service (port 19) for BYTES and reads them
 *                                    until the server closes; prints Mbit/s
 *   bench_client rtt  HOST COUNT   - COUNT 64-byte round trips through the echo service (port 7)
 *                                    with TCP_NODELAY; prints the median and mean in microseconds
 *
 * Output: "up bytes=N seconds=S mbps=M", "down ...", "rtt count=N median_us=X mean_us=Y".
 * Exit 0 on success, 2 on a connection or short-transfer failure, 3 on timeout (SO_RCVTIMEO).
 * Build: gcc -O2 -o bench_client bench_client.c
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <errno.h>

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int connect_to(const char *host, int port)
{
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)port);
    if (s < 0 || inet_pton(AF_INET, host, &a.sin_addr) != 1) {
        fprintf(stderr, "bench_client: bad address %s\n", host);
        exit(2);
    }
    struct timeval tv = { 10, 0 };
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) {
        fprintf(stderr, "bench_client: connect %s:%d: %s\n", host, port, strerror(errno));
        exit(2);
    }
    return s;
}

static void fail(const char *what)
{
    int timeout = errno == EAGAIN || errno == EWOULDBLOCK;
    fprintf(stderr, "bench_client: %s: %s\n", what, timeout ? "timed out" : strerror(errno));
    exit(timeout ? 3 : 2);
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    static char buffer[65536];
    if (argc != 4) {
        fprintf(stderr, "usage: bench_client up|down|rtt HOST BYTES|COUNT\n");
        return 1;
    }
    const char *mode = argv[1], *host = argv[2];
    long long amount = atoll(argv[3]);
    if (strcmp(mode, "up") == 0) {
        int s = connect_to(host, 9);
        memset(buffer, 'u', sizeof buffer);
        double t0 = now_seconds();
        long long left = amount;
        while (left > 0) {
            ssize_t n = send(s, buffer, left > (long long)sizeof buffer ? sizeof buffer : (size_t)left, 0);
            if (n <= 0) {
                fail("send");
            }
            left -= n;
        }
        shutdown(s, SHUT_WR);
        while (recv(s, buffer, sizeof buffer, 0) > 0) {
        }
        double t = now_seconds() - t0;
        printf("up bytes=%lld seconds=%.6f mbps=%.2f\n", amount, t, amount * 8 / t / 1e6);
        close(s);
        return 0;
    }
    if (strcmp(mode, "down") == 0) {
        int s = connect_to(host, 19);
        unsigned char count[8];
        for (int i = 0; i < 8; i++) {
            count[i] = (unsigned char)(amount >> (56 - 8 * i));
        }
        double t0 = now_seconds();
        if (send(s, count, 8, 0) != 8) {
            fail("send");
        }
        long long got = 0;
        for (;;) {
            ssize_t n = recv(s, buffer, sizeof buffer, 0);
            if (n < 0) {
                fail("recv");
            }
            if (n == 0) {
                break;
            }
            got += n;
        }
        double t = now_seconds() - t0;
        if (got != amount) {
            fprintf(stderr, "bench_client: received %lld of %lld bytes\n", got, amount);
            return 2;
        }
        printf("down bytes=%lld seconds=%.6f mbps=%.2f\n", amount, t, amount * 8 / t / 1e6);
        close(s);
        return 0;
    }
    if (strcmp(mode, "rtt") == 0) {
        int s = connect_to(host, 7);
        int one = 1;
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        int count = (int)amount;
        double *samples = calloc((size_t)count, sizeof(double));
        double sum = 0;
        memset(buffer, 'e', 64);
        for (int i = 0; i < count; i++) {
            double t0 = now_seconds();
            if (send(s, buffer, 64, 0) != 64) {
                fail("send");
            }
            int got = 0;
            while (got < 64) {
                ssize_t n = recv(s, buffer + 64, (size_t)(64 - got), 0);
                if (n <= 0) {
                    fail("recv");
                }
                got += (int)n;
            }
            samples[i] = (now_seconds() - t0) * 1e6;
            sum += samples[i];
        }
        qsort(samples, (size_t)count, sizeof(double), compare);
        printf("rtt count=%d median_us=%.1f mean_us=%.1f\n", count, samples[count / 2], sum / count);
        close(s);
        free(samples);
        return 0;
    }
    fprintf(stderr, "bench_client: unknown mode %s\n", mode);
    return 1;
}
