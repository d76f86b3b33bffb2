using System;

namespace nanoFramework.Hardware.Esp32
{
    /// <summary>Stand-in of the ESP32 high-resolution timer (esp_timer).</summary>
    public class HighResTimer : IDisposable
    {
        /// <summary>Microseconds since boot; on the host, since the stand-in's first use.</summary>
        public static ulong GetCurrent()
        {
            return (ulong)(System.Diagnostics.Stopwatch.GetTimestamp() / (System.Diagnostics.Stopwatch.Frequency / 1000000L));
        }

        public void Dispose()
        {
        }
    }
}
