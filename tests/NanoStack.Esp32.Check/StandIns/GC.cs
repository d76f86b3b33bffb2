namespace nanoFramework.Runtime.Native
{
    /// <summary>Stand-in of nanoFramework's garbage collector control.</summary>
    public static class GC
    {
        /// <summary>On the device: runs a collection (compacting the heap when asked) and returns
        /// the free bytes of the managed heap. On the host: a collection, and 4 GiB less what the
        /// heap holds, so differences between two calls are what was allocated in between.</summary>
        public static uint Run(bool compactHeap)
        {
            long used = System.GC.GetTotalMemory(true);
            return used >= uint.MaxValue ? 0u : uint.MaxValue - (uint)used;
        }
    }
}
