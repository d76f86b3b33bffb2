// Stand-in for ESP-IDF components/esp_wifi/include/esp_private/wifi.h: the driver's internal
// frame interface (the same one esp_netif's Wi-Fi glue uses), only what the module calls.
#pragma once

#include <stdint.h>
#include "esp_err.h"
#include "esp_wifi.h"

#ifdef __cplusplus
extern "C" {
#endif

// Called in the Wi-Fi task for every received frame; eb is the driver buffer, released with
// esp_wifi_internal_free_rx_buffer.
typedef esp_err_t (*wifi_rxcb_t)(void *buffer, uint16_t len, void *eb);

esp_err_t esp_wifi_internal_reg_rxcb(wifi_interface_t ifx, wifi_rxcb_t fn);
int esp_wifi_internal_tx(wifi_interface_t wifi_if, void *buffer, uint16_t len);
void esp_wifi_internal_free_rx_buffer(void *buffer);

#ifdef __cplusplus
}
#endif
