using System;
using NanoStack.Iface;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// The device loop's wait on the emulator board: "sleeping" runs the rest of the world (access
    /// point, router, servers) and advances the virtual clock to the earlier of the deadline and
    /// the world's next event. It returns as soon as anything in the world moved, since a frame
    /// for the device may then be waiting. The device's own side (station, interface, clients) is
    /// polled by the device loop only, never here: register nothing with
    /// <see cref="EmulatedWorld.AddDevicePoller"/> when a device loop runs.
    /// </summary>
    public sealed class EmulatedBoardWait : IBoardWait
    {
        private readonly EmulatedWorld _world;

        public EmulatedBoardWait(EmulatedWorld world)
        {
            ArgumentNullException.ThrowIfNull(world);
            _world = world;
        }

        /// <summary>Calls to <see cref="WaitUntil"/> so far.</summary>
        public long Waits { get; private set; }

        public long NowMs => _world.NowMs;

        public void WaitUntil(long deadlineMs)
        {
            Waits++;
            // A deadline already due still gives the world a turn (the clock does not move then).
            _world.RunWorldOnce(deadlineMs);
        }
    }
}
