using System;

namespace nanoFramework.Runtime.Events
{
    /// <summary>Stand-in of the dispatcher that delivers a native driver's interrupts.</summary>
    public class NativeEventDispatcher : IDisposable
    {
        public NativeEventDispatcher(string strDriverName, ulong drvData)
        {
            DriverName = strDriverName;
        }

        public event NativeEventHandler OnInterrupt;

        /// <summary>Scripting: the driver name the board opened.</summary>
        public string DriverName { get; private set; }

        /// <summary>Scripting: the native side raises an event.</summary>
        public void Raise(uint data1, uint data2)
        {
            NativeEventHandler handler = OnInterrupt;
            if (handler != null)
            {
                handler(data1, data2, DateTime.UtcNow);
            }
        }

        public void EnableInterrupt()
        {
        }

        public void DisableInterrupt()
        {
        }

        public void Dispose()
        {
        }
    }
}
