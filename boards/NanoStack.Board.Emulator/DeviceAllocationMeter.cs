using System;
using NanoStack.Board.Emulator.Trace;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// Measures what the emulated device itself allocates while it runs on the calling thread:
    /// the thread's allocations around a piece of device work, less what the world's own nodes
    /// (<see cref="EmulatedWorld.EmulatorAllocatedBytes"/>), everything below the device's
    /// interface (<see cref="MeteredLink"/>) and an optional TLS tracer allocated meanwhile.
    /// </summary>
    public sealed class DeviceAllocationMeter
    {
        private readonly EmulatedWorld _world;
        private readonly MeteredLink _link;

        public DeviceAllocationMeter(EmulatedWorld world, MeteredLink link)
        {
            ArgumentNullException.ThrowIfNull(world);
            ArgumentNullException.ThrowIfNull(link);
            _world = world;
            _link = link;
        }

        /// <summary>Runs <paramref name="work"/> and returns the bytes the device allocated in it.</summary>
        public long Measure(Action work, TlsTraceChannel trace = null)
        {
            long emulator = _world.EmulatorAllocatedBytes;
            long below = _link.AllocatedBytes;
            long traced = trace?.AllocatedBytes ?? 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            long total = GC.GetAllocatedBytesForCurrentThread() - before;
            total -= _world.EmulatorAllocatedBytes - emulator;
            total -= _link.AllocatedBytes - below;
            total -= (trace?.AllocatedBytes ?? 0) - traced;
            return total;
        }
    }
}
