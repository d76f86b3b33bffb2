//
// Interop declarations for the managed assembly NanoStack.Board.Esp32, in the shape the
// nanoFramework metadata processor generates for an assembly with InternalCall methods
// ("Generate stub files" on the .nfproj). One NANOCLR_NATIVE_DECLARE per extern method of
// NanoStack.Board.Esp32.Esp32Native; the decorated name spells the signature
// (STATIC, return type, then each parameter: SZARRAY_U1 = byte[], I4 = int).
//

#pragma once

#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>

struct Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native
{
    NANOCLR_NATIVE_DECLARE(NativeOpen___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(NativeReceive___STATIC__I4__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(NativeTransmit___STATIC__I4__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(NativeGetMac___STATIC__I4__SZARRAY_U1);
    NANOCLR_NATIVE_DECLARE(NativeLinkState___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(NativeFillRandom___STATIC__I4__SZARRAY_U1__I4__I4);
};

extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_NanoStack_Board_Esp32;
extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_NanoStackEsp32;
