namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Caller-precondition checks shared by the hash, MAC and stream-cipher classes: a null
    /// buffer or a range outside it is a programming error and throws; nothing here looks at the
    /// bytes themselves, so it never depends on a secret.
    /// </summary>
    internal static class CryptoRange
    {
        /// <summary>Throws unless <c>buffer[offset .. offset + count)</c> lies inside <paramref name="buffer"/>.</summary>
        public static void Check(byte[] buffer, int offset, int count, string name)
        {
            if (buffer == null)
            {
                throw new System.ArgumentNullException(name);
            }
            // Written so that offset + count cannot overflow.
            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new System.ArgumentOutOfRangeException(name, "range outside the buffer");
            }
        }

        /// <summary>Like <see cref="Check"/>, but a null buffer is allowed when <paramref name="count"/> is zero.</summary>
        public static void CheckOptional(byte[] buffer, int offset, int count, string name)
        {
            if (buffer == null && count == 0)
            {
                return;
            }
            Check(buffer, offset, count, name);
        }
    }
}
