//
// NanoStack frame link on the ESP-IDF Wi-Fi station interface: the native half of
// NanoStack.Board.Esp32.Esp32FrameLink. Plain functions over one module-wide state (the
// driver's receive callback carries no context pointer, so there is exactly one link).
//
// Threads: NanoStackWifi_OnFrame runs in the Wi-Fi task; every other function runs on the CLR
// thread. They share the frame ring and the dispatcher pointer under one FreeRTOS spinlock.
//

#pragma once

#include <stdint.h>
#include <stddef.h>

// Ring geometry. A slot holds one Ethernet II frame without FCS: 14 header + 1500 payload = 1514
// bytes, rounded up to 1600 so every slot starts 32-byte aligned (1600 = 50 × 32).
#define NANOSTACK_FRAME_SLOT_BYTES 1600
#define NANOSTACK_FRAME_MAX_BYTES 1514

// Slots: 8 × 1600 = 12,800 bytes of internal RAM (.bss). 8 full-size TCP segments (8 × 1460 =
// 11,680 bytes) is more than the managed TCP receive window NanoStack advertises on a device, so
// a burst the peer may legally send fits while the CLR thread is busy. Override per target with
// -DNANOSTACK_FRAME_RING_SLOTS=n (an ESP32-C3 build can take 4: 6,400 bytes).
#ifndef NANOSTACK_FRAME_RING_SLOTS
#define NANOSTACK_FRAME_RING_SLOTS 8
#endif

// Return values shared with the managed side (boards/NanoStack.Board.Esp32/NATIVE_API.md).
#define NANOSTACK_OK 0
#define NANOSTACK_RX_DROPPED -1      // NativeReceive: the frame did not fit the caller's buffer
#define NANOSTACK_TX_LINK_DOWN -1    // NativeTransmit: not associated / driver not started
#define NANOSTACK_TX_QUEUE_FULL -2   // NativeTransmit: driver out of TX buffers, try later
#define NANOSTACK_ERR_UNAVAILABLE -3 // Wi-Fi driver not started, or an ESP-IDF call failed
#define NANOSTACK_ERR_ARGUMENT -5    // null buffer, range outside the array, bad frame length

// Event data1 values posted to the managed NativeEventDispatcher.
#define NANOSTACK_EVENT_FRAME_RECEIVED 1u
#define NANOSTACK_EVENT_LINK_CHANGED 2u

// The driver name the managed side passes to new NativeEventDispatcher(name, 0).
#define NANOSTACK_DISPATCHER_NAME "NanoStackEsp32"

struct CLR_RT_HeapBlock_NativeEventDispatcher;

// Takes the station interface's frames (idempotent). 0, or NANOSTACK_ERR_UNAVAILABLE.
int NanoStackWifi_Open(void);

// Copies the oldest queued frame into dst. Length > 0, 0 when none is queued, or
// NANOSTACK_RX_DROPPED when it was longer than capacity (it is consumed and counted).
int NanoStackWifi_Receive(uint8_t *dst, int capacity);

// Hands one frame to the driver, which copies it before returning.
int NanoStackWifi_Transmit(uint8_t *src, int length);

int NanoStackWifi_GetMac(uint8_t mac[6]);

// 1 when associated to an access point, else 0.
int NanoStackWifi_LinkState(void);

// Frames dropped because the ring was full or a frame was too long, since start-up.
uint32_t NanoStackWifi_Dropped(void);

// Native event driver hooks (see NanoStack_Board_Esp32.cpp).
void NanoStackWifi_SetDispatcher(CLR_RT_HeapBlock_NativeEventDispatcher *dispatcher);
