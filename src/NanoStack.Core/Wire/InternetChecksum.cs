namespace NanoStack.Wire
{
    /// <summary>
    /// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum.
    ///
    /// Implementation notes
    /// - Incremental: <see cref="Accumulate"/> adds 16-bit big-endian words into a 32-bit running
    ///   sum; <see cref="Fold"/> folds the carries and complements. Data may be added in pieces,
    ///   but only the last piece may have an odd length (RFC 1071 §4: an odd trailing byte is padded
    ///   with a zero byte on the right). A piece that starts at an odd position of the checksummed
    ///   stream would need a byte swap; callers never do that (every header is even-sized).
    /// - The 32-bit accumulator cannot overflow for any frame we handle: each word adds at most
    ///   0xFFFF, and a uint holds 65537 such words = 131 074 bytes, twice the largest IPv4 datagram.
    ///   Fold is still applied with a loop so a caller accumulating more stays correct if it folds
    ///   in between.
    /// - RFC 9293 §3.1 / RFC 768: TCP and UDP add the IPv4 pseudo-header (source, destination,
    ///   zero, protocol, length) — see <see cref="AccumulatePseudoHeader"/>.
    /// </summary>
    public static class InternetChecksum
    {
        /// <summary>Adds <paramref name="length"/> bytes to a running sum.</summary>
        public static uint Accumulate(uint sum, byte[] buffer, int offset, int length)
        {
            int end = offset + length;
            int i = offset;
            // Two words per iteration; the inner fold keeps the sum far from overflow.
            while (i + 1 < end)
            {
                sum += (uint)((buffer[i] << 8) | buffer[i + 1]);
                i += 2;
                if ((sum & 0x80000000u) != 0)
                {
                    sum = (sum & 0xFFFF) + (sum >> 16);
                }
            }
            if (i < end)
            {
                sum += (uint)(buffer[i] << 8);
            }
            return sum;
        }

        /// <summary>Adds one 16-bit word (host value) to a running sum.</summary>
        public static uint AccumulateWord(uint sum, ushort word)
        {
            return sum + word;
        }

        /// <summary>
        /// Adds the IPv4 pseudo-header used by TCP and UDP (RFC 9293 §3.1, RFC 768):
        /// source address, destination address, a zero byte, the protocol and the
        /// transport length (header plus data). Addresses are host-order uints
        /// (the first octet in the high byte).
        /// </summary>
        public static uint AccumulatePseudoHeader(uint sum, uint source, uint destination, byte protocol, int transportLength)
        {
            sum += source >> 16;
            sum += source & 0xFFFF;
            sum += destination >> 16;
            sum += destination & 0xFFFF;
            sum += protocol;
            sum += (uint)(transportLength & 0xFFFF);
            return sum;
        }

        /// <summary>Folds the carries and returns the one's complement: the value to store.</summary>
        public static ushort Fold(uint sum)
        {
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }
            return (ushort)~sum;
        }

        /// <summary>The checksum of one contiguous range.</summary>
        public static ushort Compute(byte[] buffer, int offset, int length)
        {
            return Fold(Accumulate(0, buffer, offset, length));
        }

        /// <summary>
        /// True when a range that contains its own checksum field verifies: the folded sum
        /// over all of it, checksum included, is zero (RFC 1071 §1).
        /// </summary>
        public static bool Verify(byte[] buffer, int offset, int length)
        {
            return Compute(buffer, offset, length) == 0;
        }
    }
}
