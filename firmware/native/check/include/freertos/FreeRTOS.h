// Stand-in for ESP-IDF's FreeRTOS port (FreeRTOS.h pulls in portmacro.h): the spinlock type and
// the task-level critical section macros, as on Xtensa and RISC-V ESP32 targets.
#pragma once

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    volatile uint32_t owner;
    volatile uint32_t count;
} spinlock_t;

typedef spinlock_t portMUX_TYPE;

#define portMUX_FREE_VAL 0xB33FFFFFu
#define portMUX_INITIALIZER_UNLOCKED {portMUX_FREE_VAL, 0}

void vPortEnterCritical(portMUX_TYPE *mux);
void vPortExitCritical(portMUX_TYPE *mux);

#define portENTER_CRITICAL(mux) vPortEnterCritical(mux)
#define portEXIT_CRITICAL(mux) vPortExitCritical(mux)

#ifdef __cplusplus
}
#endif
