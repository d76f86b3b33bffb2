using nanoFramework.Hardware.Esp32;

namespace NanoStack.Board.Esp32
{
    /// <summary>
    /// Monotonic milliseconds since boot from the ESP32 high-resolution timer (esp_timer, a 64-bit
    /// microsecond counter). Unlike <c>DateTime.UtcNow</c> it never jumps when the wall clock is set
    /// (by the SNTP client or anything else), which is what the stack's timers need.
    /// </summary>
    public sealed class Esp32Clock
    {
        /// <summary>Milliseconds since boot.</summary>
        public long NowMs
        {
            get { return (long)(HighResTimer.GetCurrent() / 1000UL); }
        }
    }
}
