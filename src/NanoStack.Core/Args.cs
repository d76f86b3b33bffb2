using System;

namespace NanoStack
{
    /// <summary>Caller-precondition checks shared across the library (bad arguments are bugs: they throw).</summary>
    internal static class Args
    {
        /// <summary>Throws unless <c>buffer[offset .. offset + length)</c> is a valid range.</summary>
        internal static void CheckRange(byte[] buffer, int offset, int length)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }
            if (offset < 0 || length < 0 || offset > buffer.Length - length)
            {
                throw new ArgumentOutOfRangeException("offset", "offset and length must lie inside the buffer");
            }
        }

        /// <summary>Throws when an emit target view is shorter than the repr's BufferLength.</summary>
        internal static void CheckRoom(int viewLength, int needed)
        {
            if (viewLength < needed)
            {
                throw new ArgumentException("the view is shorter than BufferLength", "view");
            }
        }
    }
}
