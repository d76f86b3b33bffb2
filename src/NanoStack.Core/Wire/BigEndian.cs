namespace NanoStack.Wire
{
    /// <summary>
    /// Network byte order (big-endian) reads and writes on <c>(byte[], offset)</c>.
    /// Callers check bounds first (a view's <c>CheckLength()</c>); these helpers do not,
    /// so an out-of-range offset is a caller bug and the array access throws.
    /// Written by hand so nothing depends on the host's endianness (nanoFramework targets are
    /// little-endian, but <c>BitConverter.IsLittleEndian</c> is not available there).
    /// </summary>
    public static class BigEndian
    {
        public static ushort ReadUInt16(byte[] buffer, int offset)
        {
            return (ushort)((buffer[offset] << 8) | buffer[offset + 1]);
        }

        public static uint ReadUInt24(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 16) | ((uint)buffer[offset + 1] << 8) | buffer[offset + 2];
        }

        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16)
                 | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        public static ulong ReadUInt64(byte[] buffer, int offset)
        {
            return ((ulong)ReadUInt32(buffer, offset) << 32) | ReadUInt32(buffer, offset + 4);
        }

        public static void WriteUInt16(byte[] buffer, int offset, ushort value)
        {
            buffer[offset] = (byte)(value >> 8);
            buffer[offset + 1] = (byte)value;
        }

        public static void WriteUInt24(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 16);
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)value;
        }

        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        public static void WriteUInt64(byte[] buffer, int offset, ulong value)
        {
            WriteUInt32(buffer, offset, (uint)(value >> 32));
            WriteUInt32(buffer, offset + 4, (uint)value);
        }
    }
}
