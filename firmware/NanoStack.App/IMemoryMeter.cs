namespace NanoStack.App
{
    /// <summary>
    /// Told by <c>DeviceStack.Create</c> and <see cref="DeviceTls.Create"/>
    /// when each part of the device is built, so a board can say what each part took: on the
    /// device the free managed heap after a collection, in host tests the bytes the thread
    /// allocated. The parts are named as in the README's memory table.
    /// </summary>
    public interface IMemoryMeter
    {
        /// <summary>Called once before the first part is built.</summary>
        void Start();

        /// <summary>The part <paramref name="name"/> was just built.</summary>
        void Part(string name);
    }
}
