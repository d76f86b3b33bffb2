// Stand-in for nf-interpreter src/CLR/Include/nanoCLR_Interop.h: the HRESULT plumbing, the
// method handler shape and the native assembly record that interop modules use.
#pragma once

#include <stdint.h>
#include <stddef.h>

typedef int32_t HRESULT;
typedef int8_t CLR_INT8;
typedef uint8_t CLR_UINT8;
typedef int16_t CLR_INT16;
typedef uint16_t CLR_UINT16;
typedef int32_t CLR_INT32;
typedef uint32_t CLR_UINT32;
typedef int64_t CLR_INT64;
typedef uint64_t CLR_UINT64;

#define S_OK ((HRESULT)0x00000000L)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)

#define CLR_E_FAIL ((HRESULT)0xFF000000L)
#define CLR_E_WRONG_TYPE ((HRESULT)0xFD000000L)
#define CLR_E_NULL_REFERENCE ((HRESULT)0xFB000000L)
#define CLR_E_INVALID_PARAMETER ((HRESULT)0xFD000000L)
#define CLR_E_INDEX_OUT_OF_RANGE ((HRESULT)0xFE000000L)
#define CLR_E_OUT_OF_MEMORY ((HRESULT)0xFA000000L)

#define NANOCLR_LEAVE() goto nanoCLR_Cleanup
#define NANOCLR_HEADER() HRESULT hr
#define NANOCLR_CHECK_HRESULT(expr)                                                                  \
    {                                                                                                \
        if (FAILED(hr = (expr)))                                                                     \
            NANOCLR_LEAVE();                                                                         \
    }
#define NANOCLR_SET_AND_LEAVE(expr)                                                                  \
    {                                                                                                \
        hr = (expr);                                                                                 \
        NANOCLR_LEAVE();                                                                             \
    }
#define NANOCLR_CLEANUP()                                                                            \
    hr = S_OK;                                                                                       \
    nanoCLR_Cleanup:
#define NANOCLR_CLEANUP_END() return hr
#define NANOCLR_NOCLEANUP()                                                                          \
    NANOCLR_CLEANUP();                                                                               \
    NANOCLR_CLEANUP_END()
#define FAULT_ON_NULL(ptr)                                                                           \
    if (!(ptr))                                                                                      \
    NANOCLR_SET_AND_LEAVE(CLR_E_NULL_REFERENCE)

struct CLR_RT_StackFrame;

typedef HRESULT (*CLR_RT_MethodHandler)(CLR_RT_StackFrame &stack);

#define NANOCLR_NATIVE_DECLARE(mtd) static HRESULT mtd(CLR_RT_StackFrame &stack)

struct CLR_RECORD_VERSION
{
    CLR_UINT16 majorVersion;
    CLR_UINT16 minorVersion;
    CLR_UINT16 buildNumber;
    CLR_UINT16 revisionNumber;
};

// One per interop assembly, listed in the generated interop table; also used, with
// DRIVER_INTERRUPT_METHODS_CHECKSUM, to publish a native event driver by name.
struct CLR_RT_NativeAssemblyData
{
    const char *m_szAssemblyName;
    CLR_UINT32 m_checkSum;
    const void *m_pNativeMethods;
    CLR_RECORD_VERSION m_Version;
};

#define DRIVER_INTERRUPT_METHODS_CHECKSUM 0xf1f1f1f1
