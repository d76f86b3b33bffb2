namespace NanoStack.Wire
{
    /// <summary>
    /// A 48-bit IEEE 802 MAC address, packed into the low 48 bits of a <c>ulong</c> with the first
    /// octet on the wire in bits 47..40. A value type: comparing, copying and hashing allocate
    /// nothing; only <see cref="ToString"/> allocates (the string).
    /// </summary>
    public struct MacAddress
    {
        /// <summary>Octets in an address.</summary>
        public const int Length = 6;

        private const ulong Mask48 = 0xFFFFFFFFFFFFUL;

        private readonly ulong _value;

        /// <summary>An address from its 48-bit value (higher bits are ignored).</summary>
        public MacAddress(ulong value)
        {
            _value = value & Mask48;
        }

        /// <summary>An address from its six octets in wire order.</summary>
        public MacAddress(byte a, byte b, byte c, byte d, byte e, byte f)
        {
            _value = ((ulong)a << 40) | ((ulong)b << 32) | ((ulong)c << 24) | ((ulong)d << 16) | ((ulong)e << 8) | f;
        }

        /// <summary>The 48-bit value, first octet in bits 47..40.</summary>
        public ulong Value
        {
            get { return _value; }
        }

        /// <summary>ff:ff:ff:ff:ff:ff.</summary>
        public static MacAddress Broadcast
        {
            get { return new MacAddress(Mask48); }
        }

        /// <summary>00:00:00:00:00:00 (the unknown target of an ARP request, RFC 826).</summary>
        public static MacAddress Unspecified
        {
            get { return new MacAddress(0); }
        }

        /// <summary>Reads six octets at <paramref name="offset"/> (caller checks bounds).</summary>
        public static MacAddress Read(byte[] buffer, int offset)
        {
            ulong v = ((ulong)BigEndian.ReadUInt16(buffer, offset) << 32) | BigEndian.ReadUInt32(buffer, offset + 2);
            return new MacAddress(v);
        }

        /// <summary>Writes six octets at <paramref name="offset"/> (caller checks bounds).</summary>
        public void Write(byte[] buffer, int offset)
        {
            BigEndian.WriteUInt16(buffer, offset, (ushort)(_value >> 32));
            BigEndian.WriteUInt32(buffer, offset + 2, (uint)_value);
        }

        /// <summary>Octet <paramref name="index"/> (0 = first on the wire).</summary>
        public byte GetOctet(int index)
        {
            return (byte)(_value >> ((5 - index) * 8));
        }

        public bool IsBroadcast
        {
            get { return _value == Mask48; }
        }

        /// <summary>The I/G bit (least significant bit of the first octet) is set; broadcast included.</summary>
        public bool IsMulticast
        {
            get { return ((_value >> 40) & 1) != 0; }
        }

        /// <summary>An individual address (I/G bit clear).</summary>
        public bool IsUnicast
        {
            get { return ((_value >> 40) & 1) == 0; }
        }

        public bool IsUnspecified
        {
            get { return _value == 0; }
        }

        /// <summary>The U/L bit (second least significant bit of the first octet) is set.</summary>
        public bool IsLocallyAdministered
        {
            get { return ((_value >> 40) & 2) != 0; }
        }

        /// <summary>
        /// The Ethernet group address of an IPv4 multicast group (RFC 1112 §6.4):
        /// 01:00:5e followed by the low 23 bits of the group address.
        /// </summary>
        public static MacAddress FromIpv4Multicast(Ipv4Address group)
        {
            return new MacAddress(0x01005E000000UL | (group.Value & 0x7FFFFFu));
        }

        public bool Equals(MacAddress other)
        {
            return _value == other._value;
        }

        public override bool Equals(object obj)
        {
            return obj is MacAddress && ((MacAddress)obj)._value == _value;
        }

        public override int GetHashCode()
        {
            return (int)(_value ^ (_value >> 32));
        }

        public static bool operator ==(MacAddress a, MacAddress b)
        {
            return a._value == b._value;
        }

        public static bool operator !=(MacAddress a, MacAddress b)
        {
            return a._value != b._value;
        }

        /// <summary>Lower-case colon form, e.g. <c>02:00:5e:10:00:01</c>.</summary>
        public override string ToString()
        {
            char[] chars = new char[17];
            for (int i = 0; i < 6; i++)
            {
                int octet = GetOctet(i);
                chars[i * 3] = HexDigit(octet >> 4);
                chars[i * 3 + 1] = HexDigit(octet & 0xF);
                if (i < 5)
                {
                    chars[i * 3 + 2] = ':';
                }
            }
            return new string(chars);
        }

        /// <summary>
        /// Parses six hexadecimal octets of one or two digits separated by ':' or '-'
        /// (<c>02:00:5e:10:00:01</c>, <c>2-0-5E-10-0-1</c>). Returns false on anything else.
        /// </summary>
        public static bool TryParse(string text, out MacAddress address)
        {
            address = new MacAddress(0);
            if (text == null)
            {
                return false;
            }
            ulong value = 0;
            int octets = 0;
            int digits = 0;
            int current = 0;
            char separator = '\0';
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                int d = HexValue(c);
                if (d >= 0)
                {
                    if (digits == 2)
                    {
                        return false;
                    }
                    current = (current << 4) | d;
                    digits++;
                    continue;
                }
                if (c != ':' && c != '-')
                {
                    return false;
                }
                if (separator == '\0')
                {
                    separator = c;
                }
                else if (c != separator)
                {
                    return false;
                }
                if (digits == 0 || octets == 5)
                {
                    return false;
                }
                value = (value << 8) | (uint)current;
                octets++;
                digits = 0;
                current = 0;
            }
            if (digits == 0 || octets != 5)
            {
                return false;
            }
            value = (value << 8) | (uint)current;
            address = new MacAddress(value);
            return true;
        }

        private static char HexDigit(int nibble)
        {
            return (char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
        }

        internal static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }
            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }
            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }
            return -1;
        }
    }
}
