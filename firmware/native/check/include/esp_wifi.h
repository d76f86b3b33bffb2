// Stand-in for ESP-IDF components/esp_wifi/include/esp_wifi.h (and the types it pulls in from
// esp_wifi_types.h): only the declarations the NanoStack native module uses, same signatures.
#pragma once

#include <stdint.h>
#include "esp_err.h"

#ifdef __cplusplus
extern "C" {
#endif

// esp_interface.h / esp_wifi_types.h: the station interface is the first one.
typedef enum
{
    WIFI_IF_STA = 0,
    WIFI_IF_AP = 1,
} wifi_interface_t;

// esp_wifi_types.h: the real record has more fields after these; the module only takes its
// address, so the leading members are enough for a syntax check.
typedef struct
{
    uint8_t bssid[6];
    uint8_t ssid[33];
    uint8_t primary;
    int8_t rssi;
} wifi_ap_record_t;

esp_err_t esp_wifi_get_mac(wifi_interface_t ifx, uint8_t mac[6]);
esp_err_t esp_wifi_sta_get_ap_info(wifi_ap_record_t *ap_info);

#ifdef __cplusplus
}
#endif
