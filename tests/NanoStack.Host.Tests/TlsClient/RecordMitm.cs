using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace NanoStack.Host.Tests.TlsClient
{
    /// <summary>
    /// A man in the middle on the server → client direction: reassembles whole TLS records and
    /// lets a test replace any record (by its index and content type), or inject bytes. With the
    /// client's exported master secret it derives the server's write key (AES-GCM suites, with
    /// .NET's HMAC and AesGcm: an implementation independent of the client's) to decrypt and
    /// re-encrypt protected records, e.g. to change a Finished while keeping a valid tag.
    /// </summary>
    public sealed class RecordMitm
    {
        private readonly List<byte> _pending = new List<byte>();
        private readonly Func<int, int, byte[], byte[]> _rewrite;
        private int _index;

        /// <param name="rewrite">(record index, content type, whole record) → replacement bytes (or the record itself).</param>
        public RecordMitm(Func<int, int, byte[], byte[]> rewrite) => _rewrite = rewrite;

        /// <summary>The server random, once the ServerHello went by.</summary>
        public byte[] ServerRandom { get; private set; }

        /// <summary>Protected records seen from the server so far (sequence number of the next one).</summary>
        public ulong ProtectedSequence { get; private set; }

        private bool _protected;

        /// <summary>True once the server's ChangeCipherSpec went by (later records are protected).</summary>
        public bool Protected => _protected;

        public byte[] Transform(byte[] chunk)
        {
            _pending.AddRange(chunk);
            var output = new List<byte>();
            while (_pending.Count >= 5)
            {
                int length = (_pending[3] << 8) | _pending[4];
                if (_pending.Count < 5 + length)
                {
                    break;
                }
                byte[] record = _pending.GetRange(0, 5 + length).ToArray();
                _pending.RemoveRange(0, 5 + length);
                int type = record[0];
                if (type == 22 && ServerRandom == null && record[5] == 2)
                {
                    ServerRandom = record.AsSpan(5 + 4 + 2, 32).ToArray();
                }
                byte[] replaced = _rewrite(_index++, type, record);
                if (_protected)
                {
                    ProtectedSequence++;
                }
                if (type == 20)
                {
                    _protected = true;
                }
                output.AddRange(replaced);
            }
            return output.ToArray();
        }

        /// <summary>RFC 5246 §5 PRF with HMAC-SHA-256 (host implementation).</summary>
        public static byte[] Prf256(byte[] secret, string label, byte[] seed, int length)
        {
            byte[] labelSeed = Concat(Encoding.ASCII.GetBytes(label), seed);
            byte[] output = new byte[length];
            byte[] a = labelSeed;
            int position = 0;
            while (position < length)
            {
                a = HMACSHA256.HashData(secret, a);
                byte[] block = HMACSHA256.HashData(secret, Concat(a, labelSeed));
                int n = Math.Min(block.Length, length - position);
                Array.Copy(block, 0, output, position, n);
                position += n;
            }
            return output;
        }

        /// <summary>Server write key and salt of an AES-128-GCM-SHA256 suite (RFC 5246 §6.3, RFC 5288).</summary>
        public static (byte[] key, byte[] salt) ServerKeyAes128(byte[] master, byte[] clientRandom, byte[] serverRandom)
        {
            byte[] block = Prf256(master, "key expansion", Concat(serverRandom, clientRandom), 2 * 16 + 2 * 4);
            return (block.AsSpan(16, 16).ToArray(), block.AsSpan(36, 4).ToArray());
        }

        /// <summary>Decrypts a protected AES-GCM record (returns the plaintext).</summary>
        public static byte[] Open(byte[] key, byte[] salt, ulong seq, byte[] record)
        {
            int type = record[0];
            int length = (record[3] << 8) | record[4];
            int plainLength = length - 8 - 16;
            byte[] nonce = Concat(salt, record.AsSpan(5, 8).ToArray());
            byte[] aad = Aad(seq, type, plainLength);
            byte[] plain = new byte[plainLength];
            using var gcm = new AesGcm(key, 16);
            gcm.Decrypt(nonce, record.AsSpan(13, plainLength), record.AsSpan(13 + plainLength, 16), plain, aad);
            return plain;
        }

        /// <summary>Encrypts a record with the given explicit nonce bytes from <paramref name="template"/>.</summary>
        public static byte[] Seal(byte[] key, byte[] salt, ulong seq, int type, byte[] plain, byte[] template)
        {
            byte[] nonce = Concat(salt, template.AsSpan(5, 8).ToArray());
            byte[] record = new byte[5 + 8 + plain.Length + 16];
            record[0] = (byte)type;
            record[1] = 3;
            record[2] = 3;
            record[3] = (byte)((8 + plain.Length + 16) >> 8);
            record[4] = (byte)(8 + plain.Length + 16);
            Array.Copy(template, 5, record, 5, 8);
            using var gcm = new AesGcm(key, 16);
            gcm.Encrypt(nonce, plain, record.AsSpan(13, plain.Length), record.AsSpan(13 + plain.Length, 16), Aad(seq, type, plain.Length));
            return record;
        }

        private static byte[] Aad(ulong seq, int type, int length)
        {
            byte[] aad = new byte[13];
            for (int i = 0; i < 8; i++)
            {
                aad[i] = (byte)(seq >> (56 - 8 * i));
            }
            aad[8] = (byte)type;
            aad[9] = 3;
            aad[10] = 3;
            aad[11] = (byte)(length >> 8);
            aad[12] = (byte)length;
            return aad;
        }

        public static byte[] Concat(byte[] a, byte[] b)
        {
            byte[] c = new byte[a.Length + b.Length];
            a.CopyTo(c, 0);
            b.CopyTo(c, a.Length);
            return c;
        }
    }
}
