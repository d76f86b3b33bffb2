using System.Threading;
using NanoStack.Iface;

namespace NanoStack.Board.Esp32
{
    /// <summary>
    /// The device loop's wait on the ESP32: sleeps in short slices until the deadline, and returns
    /// as soon as the frame link reports a received frame. The slice bounds how late a frame (or a
    /// Wi-Fi driver event, which arrives the same way) is noticed; the driver's notification only
    /// sets a flag (<see cref="Esp32FrameLink.FramePending"/>), so polling that flag is all a
    /// wake-up needs.
    /// </summary>
    public sealed class Esp32BoardWait : IBoardWait
    {
        /// <summary>Longest single sleep: a frame waits at most this long to be noticed.</summary>
        public const int SliceMs = 5;

        private readonly Esp32FrameLink _link;
        private readonly Esp32Clock _clock;

        public Esp32BoardWait(Esp32FrameLink link, Esp32Clock clock)
        {
            if (link == null)
            {
                throw new System.ArgumentNullException("link");
            }
            if (clock == null)
            {
                throw new System.ArgumentNullException("clock");
            }
            _link = link;
            _clock = clock;
        }

        public long NowMs
        {
            get { return _clock.NowMs; }
        }

        public void WaitUntil(long deadlineMs)
        {
            while (!_link.FramePending)
            {
                long left = deadlineMs - _clock.NowMs;
                if (left <= 0)
                {
                    return;
                }
                Thread.Sleep(left < SliceMs ? (int)left : SliceMs);
            }
        }
    }
}
