using System;

namespace NanoStack.Channels
{
    /// <summary>Caller-precondition checks for the channels (bad arguments are bugs: they throw).</summary>
    internal static class ChannelArgs
    {
        internal static void CheckNotNull(object value, string name)
        {
            if (value == null)
            {
                throw new ArgumentNullException(name);
            }
        }

        internal static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset", "offset and count must lie inside the buffer");
            }
        }
    }
}
