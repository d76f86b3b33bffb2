namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// SHA-1 (FIPS 180-4 §6.1). Only for matching OCSP CertIDs, which OCSP responders hash with
    /// SHA-1 by default (RFC 6960 §4.1.1): it is never used to verify a signature.
    /// </summary>
    public sealed class Sha1 : IHash
    {
        public const int Size = 20;
        public const int Block = 64;

        private readonly uint[] _h = new uint[5];
        private readonly uint[] _w = new uint[80];
        private readonly byte[] _buffer = new byte[Block];
        private int _buffered;
        private long _length;

        public Sha1()
        {
            Reset();
        }

        public int HashSize { get { return Size; } }

        public int BlockSize { get { return Block; } }

        public void Reset()
        {
            _h[0] = 0x67452301;
            _h[1] = 0xEFCDAB89;
            _h[2] = 0x98BADCFE;
            _h[3] = 0x10325476;
            _h[4] = 0xC3D2E1F0;
            _buffered = 0;
            _length = 0;
        }

        public void Update(byte[] data, int offset, int count)
        {
            CryptoRange.Check(data, offset, count, "data");
            _length += count;
            while (count > 0)
            {
                int n = Block - _buffered;
                if (n > count)
                {
                    n = count;
                }
                System.Array.Copy(data, offset, _buffer, _buffered, n);
                _buffered += n;
                offset += n;
                count -= n;
                if (_buffered == Block)
                {
                    Compress();
                    _buffered = 0;
                }
            }
        }

        public void Finish(byte[] output, int offset)
        {
            CryptoRange.Check(output, offset, Size, "output");
            long bits = _length * 8;
            _buffer[_buffered++] = 0x80;
            if (_buffered > Block - 8)
            {
                while (_buffered < Block)
                {
                    _buffer[_buffered++] = 0;
                }
                Compress();
                _buffered = 0;
            }
            while (_buffered < Block - 8)
            {
                _buffer[_buffered++] = 0;
            }
            for (int i = 0; i < 8; i++)
            {
                _buffer[Block - 1 - i] = (byte)(bits >> (8 * i));
            }
            Compress();
            for (int i = 0; i < 5; i++)
            {
                uint v = _h[i];
                output[offset + 4 * i] = (byte)(v >> 24);
                output[offset + 4 * i + 1] = (byte)(v >> 16);
                output[offset + 4 * i + 2] = (byte)(v >> 8);
                output[offset + 4 * i + 3] = (byte)v;
            }
            Reset();
        }

        public void CopyStateTo(IHash other)
        {
            Sha1 o = other as Sha1;
            if (o == null)
            {
                throw new System.ArgumentException("not a Sha1", "other");
            }
            System.Array.Copy(_h, o._h, 5);
            System.Array.Copy(_buffer, o._buffer, Block);
            o._buffered = _buffered;
            o._length = _length;
        }

        // FIPS 180-4 §6.1.2.
        private void Compress()
        {
            uint[] w = _w;
            for (int t = 0; t < 16; t++)
            {
                int i = 4 * t;
                w[t] = ((uint)_buffer[i] << 24) | ((uint)_buffer[i + 1] << 16) | ((uint)_buffer[i + 2] << 8) | _buffer[i + 3];
            }
            for (int t = 16; t < 80; t++)
            {
                uint x = w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16];
                w[t] = (x << 1) | (x >> 31);
            }
            uint a = _h[0], b = _h[1], c = _h[2], d = _h[3], e = _h[4];
            for (int t = 0; t < 80; t++)
            {
                uint f, k;
                if (t < 20)
                {
                    f = (b & c) | (~b & d);
                    k = 0x5A827999;
                }
                else if (t < 40)
                {
                    f = b ^ c ^ d;
                    k = 0x6ED9EBA1;
                }
                else if (t < 60)
                {
                    f = (b & c) | (b & d) | (c & d);
                    k = 0x8F1BBCDC;
                }
                else
                {
                    f = b ^ c ^ d;
                    k = 0xCA62C1D6;
                }
                uint temp = ((a << 5) | (a >> 27)) + f + e + k + w[t];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = temp;
            }
            _h[0] += a;
            _h[1] += b;
            _h[2] += c;
            _h[3] += d;
            _h[4] += e;
        }
    }
}
