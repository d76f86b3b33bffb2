// Stand-in for ESP-IDF components/esp_common/include/esp_err.h: only what the NanoStack native
// module uses, with the real types and values, so the module can be syntax-checked on a PC.
#pragma once

#include <stdint.h>

typedef int esp_err_t;

#define ESP_OK 0
#define ESP_FAIL -1
#define ESP_ERR_NO_MEM 0x101
#define ESP_ERR_INVALID_ARG 0x102
#define ESP_ERR_INVALID_STATE 0x103
