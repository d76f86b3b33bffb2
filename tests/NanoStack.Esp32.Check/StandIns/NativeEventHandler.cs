using System;

namespace nanoFramework.Runtime.Events
{
    public delegate void NativeEventHandler(uint data1, uint data2, DateTime time);
}
