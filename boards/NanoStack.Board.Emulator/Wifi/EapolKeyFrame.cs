using System;
using System.Buffers.Binary;

namespace NanoStack.Board.Emulator.Wifi
{
    /// <summary>
    /// EAPOL-Key frames of the 4-way handshake (IEEE 802.11-2020 §12.7.2, Figure 12-32), as the
    /// emulated access point and station exchange them: version 2, type 3 (Key), descriptor type 2
    /// (RSN), key descriptor version 2 (HMAC-SHA1 MIC, AES key wrap). Key data is not encrypted in
    /// the emulation (there is no GTK to hide), but every frame is MIC-protected as on air.
    /// </summary>
    public static class EapolKeyFrame
    {
        public const int HeaderLength = 4;
        public const int BodyLength = 95;
        public const int Length = HeaderLength + BodyLength;
        public const int NonceOffset = HeaderLength + 13;
        public const int MicOffset = HeaderLength + 77;

        // Key Information bits (§12.7.2 Figure 12-33).
        public const ushort KeyDescriptorVersion2 = 0x0002;
        public const ushort Pairwise = 0x0008;
        public const ushort Install = 0x0040;
        public const ushort KeyAck = 0x0080;
        public const ushort KeyMic = 0x0100;
        public const ushort Secure = 0x0200;

        /// <summary>Builds message <paramref name="number"/> (1..4) with the MIC field zero.</summary>
        public static byte[] Build(int number, ulong replayCounter, ReadOnlySpan<byte> nonce)
        {
            ushort info = KeyDescriptorVersion2 | Pairwise;
            switch (number)
            {
                case 1: info |= KeyAck; break;
                case 2: info |= KeyMic; break;
                case 3: info |= KeyAck | KeyMic | Install | Secure; break;
                case 4: info |= KeyMic | Secure; break;
                default: throw new ArgumentOutOfRangeException(nameof(number));
            }
            byte[] f = new byte[Length];
            f[0] = 2; // 802.1X-2004
            f[1] = 3; // EAPOL-Key
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(2), BodyLength);
            f[4] = 2; // RSN key descriptor
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(5), info);
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(7), 16); // CCMP key length
            BinaryPrimitives.WriteUInt64BigEndian(f.AsSpan(9), replayCounter);
            if (!nonce.IsEmpty)
            {
                nonce.CopyTo(f.AsSpan(NonceOffset, Wpa2Keys.NonceLength));
            }
            return f;
        }

        /// <summary>Writes the MIC computed with <paramref name="ptk"/> into the frame.</summary>
        public static void Sign(byte[] frame, byte[] ptk)
        {
            frame.AsSpan(MicOffset, Wpa2Keys.MicLength).Clear();
            Wpa2Keys.Mic(ptk, frame).CopyTo(frame, MicOffset);
        }

        /// <summary>True when the frame's MIC is the one <paramref name="ptk"/> gives.</summary>
        public static bool Verify(byte[] frame, byte[] ptk)
        {
            byte[] copy = (byte[])frame.Clone();
            copy.AsSpan(MicOffset, Wpa2Keys.MicLength).Clear();
            byte[] mic = Wpa2Keys.Mic(ptk, copy);
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(mic, frame.AsSpan(MicOffset, Wpa2Keys.MicLength));
        }

        public static ReadOnlySpan<byte> Nonce(byte[] frame) => frame.AsSpan(NonceOffset, Wpa2Keys.NonceLength);
    }
}
