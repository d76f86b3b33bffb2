using System;
using System.Diagnostics;
using System.Threading;
using NanoStack.Board.Esp32;

namespace NanoStack.App
{
    /// <summary>
    /// The firmware's entry point (device only: the host builds of the application leave this
    /// file out). Builds the ESP32 board (Wi-Fi, frame link, hardware RNG, clock, wait), the
    /// device stack from the compiled-in <see cref="Settings"/>, and runs the application forever,
    /// its log on the debug output.
    /// </summary>
    public static class Program
    {
        /// <summary>Pause between attempts to open the frame link while the Wi-Fi driver starts.</summary>
        private const int OpenRetryMs = 1000;

        public static void Main()
        {
            Debug.WriteLine("NanoStack device application starting");
            Esp32FrameLink link = OpenFrameLink();
            Esp32Wifi wifi = new Esp32Wifi(link);
            Esp32Entropy entropy = new Esp32Entropy();
            Esp32Clock clock = new Esp32Clock();
            Esp32BoardWait wait = new Esp32BoardWait(link, clock);
            DebugLog log = new DebugLog(clock);
            DeviceStack stack = DeviceStack.Create(Settings.Create(), wifi, wait, entropy, entropy, new HeapMeter(log));
            DeviceApp app = new DeviceApp(stack, log);
            app.Run();
        }

        /// <summary>Opens the native frame path, waiting for the firmware to start the Wi-Fi driver
        /// (NativeOpen answers "not started" until then). Firmware without the NanoStack module
        /// fails the same way forever, and says so on every attempt.</summary>
        private static Esp32FrameLink OpenFrameLink()
        {
            while (true)
            {
                try
                {
                    return new Esp32FrameLink();
                }
                catch (InvalidOperationException e)
                {
                    Debug.WriteLine(string.Concat("frame link: ", e.Message, "; is this the NanoStack firmware? retrying"));
                    Thread.Sleep(OpenRetryMs);
                }
            }
        }

        /// <summary>What each part of the device stack takes from the managed heap: the free bytes
        /// after a collection, before and after the part (nanoFramework's GC.Run), on the log.</summary>
        private sealed class HeapMeter : IMemoryMeter
        {
            private readonly IAppLog _log;
            private uint _free;
            private uint _start;

            public HeapMeter(IAppLog log)
            {
                _log = log;
            }

            public void Start()
            {
                _free = nanoFramework.Runtime.Native.GC.Run(true);
                _start = _free;
                _log.Line(string.Concat("memory: ", _free.ToString(), " B free before the device stack"));
            }

            public void Part(string name)
            {
                uint free = nanoFramework.Runtime.Native.GC.Run(true);
                _log.Line(string.Concat("memory: ", name, " ", (_free - free).ToString(), " B (",
                    (_start - free).ToString(), " B so far, ", free.ToString(), " B free)"));
                _free = free;
            }
        }

        /// <summary>Log lines on the debug output (Visual Studio's Output window, or the serial
        /// console), each prefixed with the seconds since boot.</summary>
        private sealed class DebugLog : IAppLog
        {
            private readonly Esp32Clock _clock;

            public DebugLog(Esp32Clock clock)
            {
                _clock = clock;
            }

            public void Line(string text)
            {
                long ms = _clock.NowMs;
                Debug.WriteLine(string.Concat("[", (ms / 1000).ToString(), ".", (ms % 1000).ToString("D3"), "] ", text));
            }
        }
    }
}
