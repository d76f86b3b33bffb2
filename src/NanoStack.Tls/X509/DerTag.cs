namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Tag values as <see cref="DerReader"/> reports them (an <c>int</c>). For tag numbers 0..30
    /// the value is the identifier octet itself (class bits 7-6, constructed bit 5, number bits
    /// 4-0), so <c>0x30</c> is SEQUENCE and <c>0xA3</c> is [3] constructed. For the high-tag-number
    /// form (X.690 §8.1.2.4) it is the first identifier octet (low five bits 0x1F) plus the tag
    /// number shifted left by 8. Numbers up to <see cref="MaxNumber"/> are accepted.
    /// </summary>
    public static class DerTag
    {
        public const int Boolean = 0x01;
        public const int Integer = 0x02;
        public const int BitString = 0x03;
        public const int OctetString = 0x04;
        public const int Null = 0x05;
        public const int ObjectIdentifier = 0x06;
        public const int Utf8String = 0x0C;
        public const int PrintableString = 0x13;
        public const int Ia5String = 0x16;
        public const int UtcTime = 0x17;
        public const int GeneralizedTime = 0x18;
        public const int Sequence = 0x30;
        public const int Set = 0x31;

        /// <summary>Bit 5 of the identifier octet: the constructed form (X.690 §8.1.2.5).</summary>
        public const int ConstructedBit = 0x20;

        /// <summary>Context-specific class bits (X.690 Table 1).</summary>
        public const int ContextClass = 0x80;

        /// <summary>
        /// Largest tag number accepted: three subsequent identifier octets of 7 bits (2^21 − 1).
        /// Real certificates use numbers below 31; the limit only bounds the header size to
        /// 1 + 3 identifier octets.
        /// </summary>
        public const int MaxNumber = (1 << 21) - 1;

        /// <summary>The tag value of context-specific [<paramref name="number"/>], primitive or constructed.</summary>
        public static int Context(int number, bool constructed)
        {
            int first = ContextClass | (constructed ? ConstructedBit : 0);
            if (number < 31)
            {
                return first | number;
            }
            return first | 0x1F | (number << 8);
        }

        /// <summary>True when <paramref name="tag"/> has the constructed bit.</summary>
        public static bool IsConstructed(int tag)
        {
            return (tag & ConstructedBit) != 0;
        }

        /// <summary>The class bits (0x00 universal, 0x40 application, 0x80 context, 0xC0 private).</summary>
        public static int ClassOf(int tag)
        {
            return tag & 0xC0;
        }

        /// <summary>The tag number.</summary>
        public static int NumberOf(int tag)
        {
            if ((tag & 0x1F) == 0x1F)
            {
                return (tag >> 8) & MaxNumber;
            }
            return tag & 0x1F;
        }
    }
}
