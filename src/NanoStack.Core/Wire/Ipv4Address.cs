namespace NanoStack.Wire
{
    /// <summary>
    /// An IPv4 address as a host-order <c>uint</c> (first octet in bits 31..24, the form
    /// <see cref="InternetChecksum.AccumulatePseudoHeader"/> takes). A value type: nothing here
    /// allocates except <see cref="ToString"/>.
    /// </summary>
    public struct Ipv4Address
    {
        /// <summary>Octets in an address.</summary>
        public const int Length = 4;

        private readonly uint _value;

        public Ipv4Address(uint value)
        {
            _value = value;
        }

        public Ipv4Address(byte a, byte b, byte c, byte d)
        {
            _value = ((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d;
        }

        /// <summary>The address, first octet in the high byte.</summary>
        public uint Value
        {
            get { return _value; }
        }

        /// <summary>0.0.0.0.</summary>
        public static Ipv4Address Any
        {
            get { return new Ipv4Address(0); }
        }

        /// <summary>255.255.255.255, the limited broadcast (RFC 919 §7).</summary>
        public static Ipv4Address Broadcast
        {
            get { return new Ipv4Address(0xFFFFFFFFu); }
        }

        /// <summary>127.0.0.1.</summary>
        public static Ipv4Address Loopback
        {
            get { return new Ipv4Address(0x7F000001u); }
        }

        public static Ipv4Address Read(byte[] buffer, int offset)
        {
            return new Ipv4Address(BigEndian.ReadUInt32(buffer, offset));
        }

        public void Write(byte[] buffer, int offset)
        {
            BigEndian.WriteUInt32(buffer, offset, _value);
        }

        /// <summary>Octet <paramref name="index"/> (0 = first on the wire).</summary>
        public byte GetOctet(int index)
        {
            return (byte)(_value >> ((3 - index) * 8));
        }

        /// <summary>255.255.255.255.</summary>
        public bool IsBroadcast
        {
            get { return _value == 0xFFFFFFFFu; }
        }

        /// <summary>224.0.0.0/4 (RFC 5771).</summary>
        public bool IsMulticast
        {
            get { return (_value & 0xF0000000u) == 0xE0000000u; }
        }

        /// <summary>0.0.0.0.</summary>
        public bool IsUnspecified
        {
            get { return _value == 0; }
        }

        /// <summary>127.0.0.0/8 (RFC 1122 §3.2.1.3).</summary>
        public bool IsLoopback
        {
            get { return (_value & 0xFF000000u) == 0x7F000000u; }
        }

        /// <summary>169.254.0.0/16 (RFC 3927).</summary>
        public bool IsLinkLocal
        {
            get { return (_value & 0xFFFF0000u) == 0xA9FE0000u; }
        }

        /// <summary>Not unspecified, broadcast, multicast or class E (240.0.0.0/4).</summary>
        public bool IsUnicast
        {
            get { return _value != 0 && (_value & 0xF0000000u) < 0xE0000000u; }
        }

        /// <summary>
        /// The netmask of a prefix length: 0 → 0.0.0.0, 24 → 255.255.255.0, 32 → 255.255.255.255.
        /// Lengths outside 0..32 are clamped (a shift by 32 is undefined in C#, hence the branch).
        /// </summary>
        public static Ipv4Address PrefixToMask(int prefixLength)
        {
            if (prefixLength <= 0)
            {
                return new Ipv4Address(0);
            }
            if (prefixLength >= 32)
            {
                return new Ipv4Address(0xFFFFFFFFu);
            }
            return new Ipv4Address(0xFFFFFFFFu << (32 - prefixLength));
        }

        /// <summary>
        /// The prefix length of a contiguous netmask, or −1 when the mask has a hole
        /// (e.g. 255.0.255.0).
        /// </summary>
        public static int MaskToPrefix(Ipv4Address mask)
        {
            uint m = mask._value;
            int n = 0;
            while ((m & 0x80000000u) != 0)
            {
                n++;
                m <<= 1;
            }
            return m == 0 ? n : -1;
        }

        /// <summary>True when both addresses have the same network part under <paramref name="mask"/>.</summary>
        public bool IsInSameSubnet(Ipv4Address other, Ipv4Address mask)
        {
            return ((_value ^ other._value) & mask._value) == 0;
        }

        /// <summary>The network address (this AND mask).</summary>
        public Ipv4Address Network(Ipv4Address mask)
        {
            return new Ipv4Address(_value & mask._value);
        }

        /// <summary>The directed broadcast of the subnet (this OR NOT mask).</summary>
        public Ipv4Address SubnetBroadcast(Ipv4Address mask)
        {
            return new Ipv4Address(_value | ~mask._value);
        }

        public bool Equals(Ipv4Address other)
        {
            return _value == other._value;
        }

        public override bool Equals(object obj)
        {
            return obj is Ipv4Address && ((Ipv4Address)obj)._value == _value;
        }

        public override int GetHashCode()
        {
            return (int)_value;
        }

        public static bool operator ==(Ipv4Address a, Ipv4Address b)
        {
            return a._value == b._value;
        }

        public static bool operator !=(Ipv4Address a, Ipv4Address b)
        {
            return a._value != b._value;
        }

        /// <summary>Dotted decimal, e.g. <c>192.0.2.1</c>.</summary>
        public override string ToString()
        {
            char[] chars = new char[15];
            int n = 0;
            for (int i = 0; i < 4; i++)
            {
                int octet = GetOctet(i);
                if (octet >= 100)
                {
                    chars[n++] = (char)('0' + octet / 100);
                }
                if (octet >= 10)
                {
                    chars[n++] = (char)('0' + (octet / 10) % 10);
                }
                chars[n++] = (char)('0' + octet % 10);
                if (i < 3)
                {
                    chars[n++] = '.';
                }
            }
            return new string(chars, 0, n);
        }

        /// <summary>
        /// Parses strict dotted decimal: four decimal octets 0..255 of one to three digits
        /// (no leading zeros beyond a lone 0, no signs, no spaces). Returns false on anything else.
        /// </summary>
        public static bool TryParse(string text, out Ipv4Address address)
        {
            address = new Ipv4Address(0);
            if (text == null)
            {
                return false;
            }
            uint value = 0;
            int octets = 0;
            int digits = 0;
            int current = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i < text.Length && text[i] != '.')
                {
                    char c = text[i];
                    if (c < '0' || c > '9' || digits == 3 || (digits == 1 && current == 0))
                    {
                        return false;
                    }
                    current = current * 10 + (c - '0');
                    digits++;
                    continue;
                }
                if (digits == 0 || current > 255 || octets == 4)
                {
                    return false;
                }
                value = (value << 8) | (uint)current;
                octets++;
                digits = 0;
                current = 0;
            }
            if (octets != 4)
            {
                return false;
            }
            address = new Ipv4Address(value);
            return true;
        }
    }
}
