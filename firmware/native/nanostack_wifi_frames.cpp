//
// NanoStack frame link on the ESP-IDF Wi-Fi station interface.
//
// Implementation notes
// - Frames are taken with esp_wifi_internal_reg_rxcb(WIFI_IF_STA, ...), the hook esp_netif's own
//   Wi-Fi glue uses, rather than an lwIP IPv4 input hook: the hook sees only IPv4 packets that
//   lwIP already accepted (no ARP, no frames for addresses lwIP does not own, no DHCP before
//   lwIP has a lease), while NanoStack runs its own ARP and DHCP and needs whole Ethernet frames.
// - Consequence for lwIP: while the link is open every received frame goes to NanoStack and lwIP
//   sees none, so nanoFramework's native sockets (System.Net.Sockets) cannot be used at the same
//   time. Forwarding unknown EtherTypes to lwIP would not help: both stacks would own IPv4 and
//   ARP on the same MAC. Before NativeOpen, and when the link is closed, frames go to esp_netif
//   unchanged (NanoStackWifi_RxCallback forwards them), so stock networking keeps working.
// - esp_netif re-registers its own callback on WIFI_EVENT_STA_CONNECTED. Our Wi-Fi event handler
//   is registered after it (at open), so it runs after it and registers ours again.
// - The callback never blocks: it copies into a free slot or counts a drop, then frees the
//   driver buffer. Single producer (Wi-Fi task), single consumer (CLR thread): slot contents are
//   copied outside the spinlock, only indices and counts change inside it.
//

#include "nanostack_wifi_frames.h"

#include <string.h>

#include <esp_err.h>
#include <esp_event.h>
#include <esp_netif.h>
#include <esp_private/wifi.h>
#include <esp_wifi.h>
#include <freertos/FreeRTOS.h>

#include <nanoCLR_Runtime.h>

struct NanoStackFrameRing
{
    uint8_t slots[NANOSTACK_FRAME_RING_SLOTS][NANOSTACK_FRAME_SLOT_BYTES];
    uint16_t lengths[NANOSTACK_FRAME_RING_SLOTS];
    uint32_t head;    // next slot to fill (Wi-Fi task)
    uint32_t tail;    // next slot to read (CLR thread)
    uint32_t count;   // filled slots
    uint32_t dropped; // ring full or frame too long
};

static NanoStackFrameRing s_ring;
static portMUX_TYPE s_lock = portMUX_INITIALIZER_UNLOCKED;
static bool s_open = false;
static bool s_eventsRegistered = false;
static CLR_RT_HeapBlock_NativeEventDispatcher *s_dispatcher = NULL;
static esp_netif_t *s_staNetif = NULL;

static void PostEvent(uint32_t what)
{
    // posted under our lock so the dispatcher cannot be cleaned up between the test and the
    // post; the HAL queue takes the CLR's global lock inside, and ESP-IDF critical sections nest
    portENTER_CRITICAL(&s_lock);
    if (s_dispatcher != NULL)
    {
        SaveNativeEventToHALQueue(s_dispatcher, what, 0);
    }
    portEXIT_CRITICAL(&s_lock);
}

// Wi-Fi task. Must return quickly and always release eb.
static esp_err_t NanoStackWifi_RxCallback(void *buffer, uint16_t len, void *eb)
{
    if (!s_open)
    {
        // not ours yet: lwIP's path, which frees eb itself
        if (s_staNetif != NULL)
        {
            return esp_netif_receive(s_staNetif, buffer, len, eb);
        }
        esp_wifi_internal_free_rx_buffer(eb);
        return ESP_OK;
    }

    if (len > NANOSTACK_FRAME_MAX_BYTES)
    {
        portENTER_CRITICAL(&s_lock);
        s_ring.dropped++;
        portEXIT_CRITICAL(&s_lock);
        esp_wifi_internal_free_rx_buffer(eb);
        return ESP_OK;
    }

    portENTER_CRITICAL(&s_lock);
    bool full = s_ring.count == NANOSTACK_FRAME_RING_SLOTS;
    uint32_t slot = s_ring.head;
    if (full)
    {
        s_ring.dropped++;
    }
    portEXIT_CRITICAL(&s_lock);

    if (full)
    {
        esp_wifi_internal_free_rx_buffer(eb);
        return ESP_OK;
    }

    // the consumer never reads a slot that is not counted yet
    memcpy(s_ring.slots[slot], buffer, len);
    esp_wifi_internal_free_rx_buffer(eb);

    portENTER_CRITICAL(&s_lock);
    s_ring.lengths[slot] = len;
    s_ring.head = (slot + 1) % NANOSTACK_FRAME_RING_SLOTS;
    s_ring.count++;
    bool wasEmpty = s_ring.count == 1;
    portEXIT_CRITICAL(&s_lock);

    // one event per empty -> non-empty transition keeps the HAL event queue small; the managed
    // side drains the ring until NativeReceive returns 0
    if (wasEmpty)
    {
        PostEvent(NANOSTACK_EVENT_FRAME_RECEIVED);
    }
    return ESP_OK;
}

static void NanoStackWifi_OnWifiEvent(void *arg, esp_event_base_t base, int32_t id, void *data)
{
    (void)arg;
    (void)base;
    (void)data;

    if (id == WIFI_EVENT_STA_CONNECTED)
    {
        // esp_netif's handler (registered earlier, so run earlier) just put its callback back
        esp_wifi_internal_reg_rxcb(WIFI_IF_STA, NanoStackWifi_RxCallback);
        PostEvent(NANOSTACK_EVENT_LINK_CHANGED);
    }
    else if (id == WIFI_EVENT_STA_DISCONNECTED)
    {
        PostEvent(NANOSTACK_EVENT_LINK_CHANGED);
    }
}

int NanoStackWifi_Open(void)
{
    if (s_open)
    {
        return NANOSTACK_OK;
    }

    s_staNetif = esp_netif_get_handle_from_ifkey("WIFI_STA_DEF");

    portENTER_CRITICAL(&s_lock);
    s_ring.head = 0;
    s_ring.tail = 0;
    s_ring.count = 0;
    portEXIT_CRITICAL(&s_lock);

    if (!s_eventsRegistered)
    {
        if (esp_event_handler_register(WIFI_EVENT, ESP_EVENT_ANY_ID, NanoStackWifi_OnWifiEvent, NULL) != ESP_OK)
        {
            return NANOSTACK_ERR_UNAVAILABLE;
        }
        s_eventsRegistered = true;
    }

    // fails when the Wi-Fi driver is not started; the managed side opens after starting it
    s_open = true;
    if (esp_wifi_internal_reg_rxcb(WIFI_IF_STA, NanoStackWifi_RxCallback) != ESP_OK)
    {
        s_open = false;
        return NANOSTACK_ERR_UNAVAILABLE;
    }
    return NANOSTACK_OK;
}

int NanoStackWifi_Receive(uint8_t *dst, int capacity)
{
    portENTER_CRITICAL(&s_lock);
    uint32_t count = s_ring.count;
    uint32_t slot = s_ring.tail;
    uint16_t len = count > 0 ? s_ring.lengths[slot] : 0;
    portEXIT_CRITICAL(&s_lock);

    if (count == 0)
    {
        return 0;
    }

    int result;
    if (len > capacity)
    {
        result = NANOSTACK_RX_DROPPED;
    }
    else
    {
        // the producer does not touch a counted slot
        memcpy(dst, s_ring.slots[slot], len);
        result = len;
    }

    portENTER_CRITICAL(&s_lock);
    s_ring.tail = (slot + 1) % NANOSTACK_FRAME_RING_SLOTS;
    s_ring.count--;
    if (result == NANOSTACK_RX_DROPPED)
    {
        s_ring.dropped++;
    }
    portEXIT_CRITICAL(&s_lock);

    return result;
}

int NanoStackWifi_Transmit(uint8_t *src, int length)
{
    if (length < 14 || length > NANOSTACK_FRAME_MAX_BYTES)
    {
        return NANOSTACK_ERR_ARGUMENT;
    }

    // esp_wifi_internal_tx copies the frame into a driver buffer before it returns, so pointing
    // it at the managed array is safe: the CLR cannot move the array during this native call
    int rc = esp_wifi_internal_tx(WIFI_IF_STA, src, (uint16_t)length);
    if (rc == ESP_OK)
    {
        return NANOSTACK_OK;
    }
    if (rc == ESP_ERR_NO_MEM)
    {
        return NANOSTACK_TX_QUEUE_FULL;
    }
    return NANOSTACK_TX_LINK_DOWN;
}

int NanoStackWifi_GetMac(uint8_t mac[6])
{
    return esp_wifi_get_mac(WIFI_IF_STA, mac) == ESP_OK ? NANOSTACK_OK : NANOSTACK_ERR_UNAVAILABLE;
}

int NanoStackWifi_LinkState(void)
{
    wifi_ap_record_t ap;
    return esp_wifi_sta_get_ap_info(&ap) == ESP_OK ? 1 : 0;
}

uint32_t NanoStackWifi_Dropped(void)
{
    portENTER_CRITICAL(&s_lock);
    uint32_t dropped = s_ring.dropped;
    portEXIT_CRITICAL(&s_lock);
    return dropped;
}

void NanoStackWifi_SetDispatcher(CLR_RT_HeapBlock_NativeEventDispatcher *dispatcher)
{
    portENTER_CRITICAL(&s_lock);
    s_dispatcher = dispatcher;
    portEXIT_CRITICAL(&s_lock);
}
