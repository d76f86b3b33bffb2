//
// The InternalCall methods of NanoStack.Board.Esp32.Esp32Native. Static methods: Arg0 is the
// first parameter. Results are the int codes of nanostack_wifi_frames.h (NATIVE_API.md): a null
// array or a range outside it returns NANOSTACK_ERR_ARGUMENT rather than raising, as the
// contract says; the managed caller has checked the range already.
//

#include "NanoStack_Board_Esp32.h"
#include "nanostack_wifi_frames.h"

#include <esp_random.h>

// Resolves (byte[] buffer, int offset, int count) at Arg0..Arg2 to a pointer and a length.
static bool ArraySpan(CLR_RT_StackFrame &stack, CLR_UINT8 *&data, CLR_INT32 &count)
{
    CLR_RT_HeapBlock_Array *array = stack.Arg0().DereferenceArray();
    CLR_INT32 offset = stack.Arg1().NumericByRef().s4;
    count = stack.Arg2().NumericByRef().s4;

    if (array == NULL || offset < 0 || count < 0 || (CLR_UINT32)offset > array->m_numOfElements ||
        (CLR_UINT32)count > array->m_numOfElements - (CLR_UINT32)offset)
    {
        return false;
    }
    data = array->GetFirstElement() + offset;
    return true;
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeOpen___STATIC__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(NanoStackWifi_Open());
    NANOCLR_SET_AND_LEAVE(S_OK);

    NANOCLR_NOCLEANUP();
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::
    NativeReceive___STATIC__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *data = NULL;
    CLR_INT32 count = 0;
    if (!ArraySpan(stack, data, count))
    {
        stack.SetResult_I4(NANOSTACK_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(NanoStackWifi_Receive(data, count));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::
    NativeTransmit___STATIC__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *data = NULL;
    CLR_INT32 count = 0;
    if (!ArraySpan(stack, data, count))
    {
        stack.SetResult_I4(NANOSTACK_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(NanoStackWifi_Transmit(data, count));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeGetMac___STATIC__I4__SZARRAY_U1(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *mac = stack.Arg0().DereferenceArray();
    if (mac == NULL || mac->m_numOfElements < 6)
    {
        stack.SetResult_I4(NANOSTACK_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    stack.SetResult_I4(NanoStackWifi_GetMac(mac->GetFirstElement()));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeLinkState___STATIC__I4(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    stack.SetResult_I4(NanoStackWifi_LinkState());
    NANOCLR_SET_AND_LEAVE(S_OK);

    NANOCLR_NOCLEANUP();
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::
    NativeFillRandom___STATIC__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *data = NULL;
    CLR_INT32 count = 0;
    if (!ArraySpan(stack, data, count))
    {
        stack.SetResult_I4(NANOSTACK_ERR_ARGUMENT);
        NANOCLR_SET_AND_LEAVE(S_OK);
    }

    // hardware RNG; true random once the RF subsystem runs (Wi-Fi started), which the board
    // ensures before it asks for entropy
    esp_fill_random(data, (size_t)count);
    stack.SetResult_I4(NANOSTACK_OK);

    NANOCLR_NOCLEANUP();
}
