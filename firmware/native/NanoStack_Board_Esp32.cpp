//
// Assembly record and method table of NanoStack.Board.Esp32, in the generated interop shape.
//
// method_lookup is indexed by the method's position in the assembly's metadata (every method of
// every type, managed ones included): the CLR calls method_lookup[index] for an InternalCall.
// The rows below are the InternalCall methods of Esp32Native in declaration order. When the
// managed assembly is built with stub generation on, the metadata processor writes the full
// table (NULL for each managed method) and the assembly checksum to
// Stubs/NanoStack_Board_Esp32.cpp: copy its NULL rows and its checksum here before building the
// firmware (firmware/README.md, step 2). The CLR refuses to bind the assembly when the checksum
// differs from the one recorded in NanoStack.Board.Esp32.pe (CLR_RECORD_ASSEMBLY::nativeMethodsChecksum),
// so a stale table is reported at deployment, never called with the wrong method.
//

#include "NanoStack_Board_Esp32.h"
#include "nanostack_wifi_frames.h"

// clang-format off

static const CLR_RT_MethodHandler method_lookup[] =
{
    Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeOpen___STATIC__I4,
    Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeReceive___STATIC__I4__SZARRAY_U1__I4__I4,
    Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeTransmit___STATIC__I4__SZARRAY_U1__I4__I4,
    Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeGetMac___STATIC__I4__SZARRAY_U1,
    Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeLinkState___STATIC__I4,
    Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeFillRandom___STATIC__I4__SZARRAY_U1__I4__I4,
};

// Placeholder: the build of the managed assembly produces the real value (see above).
#define NANOSTACK_BOARD_ESP32_NATIVE_CHECKSUM 0x00000000

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_NanoStack_Board_Esp32 =
{
    "NanoStack.Board.Esp32",
    NANOSTACK_BOARD_ESP32_NATIVE_CHECKSUM,
    method_lookup,
    { 1, 0, 0, 0 }
};

// clang-format on

//--// native event driver "NanoStackEsp32"
//
// new NativeEventDispatcher("NanoStackEsp32", 0) finds this record by name among the interop
// records (checksum DRIVER_INTERRUPT_METHODS_CHECKSUM marks a driver, not an assembly) and calls
// initProc; the Wi-Fi task then posts events to that dispatcher (nanostack_wifi_frames.cpp).
// The record reaches the CLR's interop table because "NanoStackEsp32" is listed in
// NF_INTEROP_ASSEMBLIES next to the assembly (the build declares g_CLR_AssemblyNative_<name>).

static HRESULT NanoStackEsp32_Initialize(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, CLR_UINT64 userData)
{
    (void)userData;
    NanoStackWifi_SetDispatcher(pContext);
    return S_OK;
}

static HRESULT NanoStackEsp32_EnableDisable(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, bool fEnable)
{
    NanoStackWifi_SetDispatcher(fEnable ? pContext : NULL);
    return S_OK;
}

static HRESULT NanoStackEsp32_Cleanup(CLR_RT_HeapBlock_NativeEventDispatcher *pContext)
{
    NanoStackWifi_SetDispatcher(NULL);
    CleanupNativeEventsFromHALQueue(pContext);
    return S_OK;
}

static const CLR_RT_DriverInterruptMethods g_NanoStackEsp32_DriverMethods =
{
    NanoStackEsp32_Initialize,
    NanoStackEsp32_EnableDisable,
    NanoStackEsp32_Cleanup,
};

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_NanoStackEsp32 =
{
    NANOSTACK_DISPATCHER_NAME,
    DRIVER_INTERRUPT_METHODS_CHECKSUM,
    &g_NanoStackEsp32_DriverMethods,
    { 1, 0, 0, 0 }
};
