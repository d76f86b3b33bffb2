/*
 * NanoStack bench reference: the same TCP services NanoStack's bench serves, on lwIP 2.1.3
 * (Debian liblwip-dev: NO_SYS=0, core locking, TCP_MSS 1460, TCP_WND 65535) over a TAP device.
 *
 *   lwip_ref TAPNAME ADDRESS NETMASK GATEWAY
 *
 * Services (one connection at a time each, a thread per service):
 *   port 7   echo     - every byte read is written back
 *   port 9   discard  - bytes are read and dropped; the server closes after the client's FIN
 *   port 19  source   - the client sends an 8-byte big-endian count; the server sends that many
 *                       bytes and closes
 *
 * The TAP device is opened by this program (not lwIP's contrib tapif: the Debian build of it
 * overruns its receive pbuf on full-size frames) in the caller's network namespace; the bench
 * moves it into its namespace and configures the kernel side. A reader thread hands each frame
 * to lwIP in one PBUF_RAM pbuf through tcpip_input; output copies the pbuf chain into one
 * buffer and writes it. The process prints "ready" once the interface is up and runs until
 * killed.
 * Build: gcc -O2 -o lwip_ref lwip_ref.c $(pkg-config --cflags --libs lwip) -lpthread
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>

#include "lwip/init.h"
#include "lwip/tcpip.h"
#include "lwip/netif.h"
#include "lwip/sockets.h"
#include "lwip/ip4_addr.h"
#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <net/if.h>
#include <linux/if_tun.h>

static struct netif tap_netif;
/* Buffers stay below 64 KiB: lwIP 2.1.3 carries socket lengths in u16_t internally. */
static char buffer_echo[8192], buffer_discard[16384], buffer_source[16384];

static int tap_fd = -1;

static err_t tap_output(struct netif *netif, struct pbuf *p)
{
    static unsigned char frame[1518];
    (void)netif;
    if (p->tot_len > sizeof frame) {
        return ERR_BUF;
    }
    u16_t n = pbuf_copy_partial(p, frame, p->tot_len, 0);
    return write(tap_fd, frame, n) == (ssize_t)n ? ERR_OK : ERR_IF;
}

static err_t tap_netif_init(struct netif *netif)
{
    netif->name[0] = 't';
    netif->name[1] = 'p';
    netif->output = etharp_output;
    netif->linkoutput = tap_output;
    netif->mtu = 1500;
    netif->hwaddr_len = 6;
    /* A locally administered unicast address. */
    const unsigned char mac[6] = { 0x02, 0x4c, 0x57, 0x49, 0x50, 0x02 };
    memcpy(netif->hwaddr, mac, 6);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    return ERR_OK;
}

static void *tap_reader(void *arg)
{
    struct netif *netif = (struct netif *)arg;
    unsigned char frame[1518];
    for (;;) {
        ssize_t n = read(tap_fd, frame, sizeof frame);
        if (n <= 0) {
            continue;
        }
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)n, PBUF_RAM);
        if (p == NULL) {
            continue;
        }
        memcpy(p->payload, frame, (size_t)n);
        if (netif->input(p, netif) != ERR_OK) {
            pbuf_free(p);
        }
    }
    return NULL;
}

static int tap_open(const char *name)
{
    int fd = open("/dev/net/tun", O_RDWR);
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0) {
        perror("lwip_ref: /dev/net/tun");
        exit(2);
    }
    return fd;
}

static int listen_on(int port)
{
    int s = lwip_socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = lwip_htons((u16_t)port);
    a.sin_addr.s_addr = 0;
    if (s < 0 || lwip_bind(s, (struct sockaddr *)&a, sizeof a) < 0 || lwip_listen(s, 1) < 0) {
        fprintf(stderr, "lwip_ref: cannot listen on port %d\n", port);
        exit(2);
    }
    return s;
}

static int write_all(int c, const char *p, int n)
{
    while (n > 0) {
        int w = lwip_write(c, p, (size_t)n);
        if (w <= 0) {
            return -1;
        }
        p += w;
        n -= w;
    }
    return 0;
}

static void *echo_service(void *arg)
{
    (void)arg;
    int s = listen_on(7);
    for (;;) {
        int c = lwip_accept(s, NULL, NULL);
        if (c < 0) {
            continue;
        }
        int one = 1;
        lwip_setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        int n;
        while ((n = lwip_read(c, buffer_echo, sizeof buffer_echo)) > 0) {
            if (write_all(c, buffer_echo, n) < 0) {
                break;
            }
        }
        lwip_close(c);
    }
    return NULL;
}

static void *discard_service(void *arg)
{
    (void)arg;
    int s = listen_on(9);
    for (;;) {
        int c = lwip_accept(s, NULL, NULL);
        if (c < 0) {
            continue;
        }
        while (lwip_read(c, buffer_discard, sizeof buffer_discard) > 0) {
        }
        lwip_close(c);
    }
    return NULL;
}

static void *source_service(void *arg)
{
    (void)arg;
    int s = listen_on(19);
    memset(buffer_source, 'x', sizeof buffer_source);
    for (;;) {
        int c = lwip_accept(s, NULL, NULL);
        if (c < 0) {
            continue;
        }
        unsigned char count[8];
        int got = 0;
        while (got < 8) {
            int n = lwip_read(c, count + got, (size_t)(8 - got));
            if (n <= 0) {
                break;
            }
            got += n;
        }
        if (got == 8) {
            unsigned long long left = 0;
            for (int i = 0; i < 8; i++) {
                left = (left << 8) | count[i];
            }
            while (left > 0) {
                int n = left > sizeof buffer_source ? (int)sizeof buffer_source : (int)left;
                if (write_all(c, buffer_source, n) < 0) {
                    break;
                }
                left -= (unsigned long long)n;
            }
        }
        lwip_close(c);
    }
    return NULL;
}

static void tcpip_ready(void *arg)
{
    sys_sem_t *ready = (sys_sem_t *)arg;
    sys_sem_signal(ready);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: lwip_ref TAPNAME ADDRESS NETMASK GATEWAY\n");
        return 1;
    }
    tap_fd = tap_open(argv[1]);
    ip4_addr_t address, netmask, gateway;
    if (!ip4addr_aton(argv[2], &address) || !ip4addr_aton(argv[3], &netmask) || !ip4addr_aton(argv[4], &gateway)) {
        fprintf(stderr, "lwip_ref: bad address\n");
        return 1;
    }
    sys_sem_t ready;
    sys_sem_new(&ready, 0);
    tcpip_init(tcpip_ready, &ready);
    sys_sem_wait(&ready);

    LOCK_TCPIP_CORE();
    netif_add(&tap_netif, &address, &netmask, &gateway, NULL, tap_netif_init, tcpip_input);
    netif_set_default(&tap_netif);
    netif_set_up(&tap_netif);
    netif_set_link_up(&tap_netif);
    UNLOCK_TCPIP_CORE();

    pthread_t t0, t1, t2, t3;
    pthread_create(&t0, NULL, tap_reader, &tap_netif);
    pthread_create(&t1, NULL, echo_service, NULL);
    pthread_create(&t2, NULL, discard_service, NULL);
    pthread_create(&t3, NULL, source_service, NULL);
    printf("ready\n");
    fflush(stdout);
    pthread_join(t1, NULL);
    return 0;
}
