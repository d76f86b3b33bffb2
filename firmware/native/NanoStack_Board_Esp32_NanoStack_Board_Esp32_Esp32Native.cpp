//
// The InternalCall methods of NanoStack.Board.Esp32.Esp32Native. Static methods: Arg0 is the
// first parameter. Each checks its array arguments (the managed side checks too) and maps the
// call onto nanostack_wifi_frames.h; results are the int codes documented there.
//

#include "NanoStack_Board_Esp32.h"
#include "nanostack_wifi_frames.h"

#include <esp_random.h>

// Resolves (byte[] buffer, int offset, int count) to a pointer, or fails with the CLR error the
// managed caller sees as an exception (a caller bug, not a network condition).
static HRESULT ArraySpan(CLR_RT_StackFrame &stack, CLR_UINT8 *&data, CLR_INT32 &count)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *array = stack.Arg0().DereferenceArray();
    CLR_INT32 offset = stack.Arg1().NumericByRef().s4;
    count = stack.Arg2().NumericByRef().s4;

    FAULT_ON_NULL(array);
    if (offset < 0 || count < 0 || (CLR_UINT32)offset > array->m_numOfElements ||
        (CLR_UINT32)count > array->m_numOfElements - (CLR_UINT32)offset)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_INDEX_OUT_OF_RANGE);
    }
    data = array->GetFirstElement() + offset;

    NANOCLR_NOCLEANUP();
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
    NANOCLR_CHECK_HRESULT(ArraySpan(stack, data, count));

    stack.SetResult_I4(NanoStackWifi_Receive(data, count));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::
    NativeTransmit___STATIC__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_UINT8 *data = NULL;
    CLR_INT32 count = 0;
    NANOCLR_CHECK_HRESULT(ArraySpan(stack, data, count));

    stack.SetResult_I4(NanoStackWifi_Transmit(data, count));

    NANOCLR_NOCLEANUP();
}

HRESULT Library_NanoStack_Board_Esp32_NanoStack_Board_Esp32_Esp32Native::NativeGetMac___STATIC__I4__SZARRAY_U1(
    CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();

    CLR_RT_HeapBlock_Array *mac = stack.Arg0().DereferenceArray();
    FAULT_ON_NULL(mac);
    if (mac->m_numOfElements < 6)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_INDEX_OUT_OF_RANGE);
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
    NANOCLR_CHECK_HRESULT(ArraySpan(stack, data, count));

    // hardware RNG; true random once the RF subsystem runs (Wi-Fi started), which the board
    // ensures before it asks for entropy
    esp_fill_random(data, (size_t)count);
    stack.SetResult_I4(NANOSTACK_OK);

    NANOCLR_NOCLEANUP();
}
