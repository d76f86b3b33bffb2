// Stand-in for nf-interpreter src/CLR/Include/nanoCLR_Runtime.h (and the heap block headers it
// includes): the stack frame accessors, arrays, and the native event dispatcher hooks, as far as
// the NanoStack module uses them.
#pragma once

#include "nanoCLR_Interop.h"

struct CLR_RT_HeapBlock_Array
{
    CLR_UINT32 m_numOfElements;
    CLR_UINT8 *GetFirstElement();
};

union CLR_RT_HeapBlock_NumericValue
{
    CLR_INT32 s4;
    CLR_UINT32 u4;
    CLR_INT64 s8;
    CLR_UINT64 u8;
};

struct CLR_RT_HeapBlock
{
    CLR_RT_HeapBlock_Array *DereferenceArray() const;
    CLR_RT_HeapBlock_NumericValue &NumericByRef();
};

struct CLR_RT_StackFrame
{
    CLR_RT_HeapBlock &Arg0();
    CLR_RT_HeapBlock &Arg1();
    CLR_RT_HeapBlock &Arg2();
    CLR_RT_HeapBlock &Arg3();
    CLR_RT_HeapBlock *This();
    void SetResult_I4(CLR_INT32 val);
    void SetResult_Boolean(bool val);
};

struct CLR_RT_HeapBlock_NativeEventDispatcher;

typedef HRESULT (*InitializeInterruptsProc)(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, CLR_UINT64 userData);
typedef HRESULT (*EnableOrDisableInterruptsProc)(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, bool fEnable);
typedef HRESULT (*CleanupInterruptsProc)(CLR_RT_HeapBlock_NativeEventDispatcher *pContext);

struct CLR_RT_DriverInterruptMethods
{
    InitializeInterruptsProc initProc;
    EnableOrDisableInterruptsProc enableProc;
    CleanupInterruptsProc cleanupProc;
};

// Queue an event for the managed NativeEventDispatcher bound to pContext (callable from another
// task: the HAL queue is guarded by the global lock).
void SaveNativeEventToHALQueue(CLR_RT_HeapBlock_NativeEventDispatcher *pContext, CLR_UINT32 data1, CLR_UINT32 data2);
void CleanupNativeEventsFromHALQueue(CLR_RT_HeapBlock_NativeEventDispatcher *pContext);
