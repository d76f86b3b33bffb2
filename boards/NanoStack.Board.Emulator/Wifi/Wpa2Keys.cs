using System;
using System.Security.Cryptography;
using System.Text;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Wifi
{
    /// <summary>
    /// The WPA2-Personal key derivations the emulated access point and station run against each
    /// other, so a wrong passphrase fails exactly where it fails on air: at the access point's
    /// check of the message-2 MIC of the 4-way handshake.
    /// - PMK = PBKDF2-HMAC-SHA1(passphrase, SSID, 4096, 256 bits) (IEEE 802.11-2020 §J.4.1).
    /// - PTK = PRF-384(PMK, "Pairwise key expansion", min(AA,SPA) ‖ max(AA,SPA) ‖
    ///   min(ANonce,SNonce) ‖ max(ANonce,SNonce)) (§12.7.1.3); KCK = PTK[0..16).
    /// - PRF-n(K, A, B) = the first n bits of HMAC-SHA1(K, A ‖ 0 ‖ B ‖ i) for i = 0, 1, … (§12.7.1.2).
    /// - EAPOL-Key MIC = HMAC-SHA1(KCK, frame with the MIC field zero)[0..16) (key descriptor version 2).
    /// </summary>
    public static class Wpa2Keys
    {
        public const int PmkLength = 32;
        public const int NonceLength = 32;
        public const int PtkLength = 48;
        public const int MicLength = 16;

        /// <summary>The six octets of a MAC address in wire order.</summary>
        public static byte[] MacBytes(MacAddress mac)
        {
            byte[] b = new byte[6];
            mac.Write(b, 0);
            return b;
        }

        /// <summary>The pairwise master key of a passphrase (8..63 ASCII characters) and SSID.</summary>
        public static byte[] Pmk(string passphrase, string ssid)
        {
            ArgumentNullException.ThrowIfNull(passphrase);
            ArgumentNullException.ThrowIfNull(ssid);
            if (passphrase.Length < 8 || passphrase.Length > 63)
            {
                throw new ArgumentException("a WPA2 passphrase has 8..63 characters (IEEE 802.11-2020 §J.4.1)", nameof(passphrase));
            }
            return Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(passphrase), Encoding.UTF8.GetBytes(ssid), 4096, HashAlgorithmName.SHA1, PmkLength);
        }

        /// <summary>PRF-384 of the PMK, both MAC addresses and both nonces.</summary>
        public static byte[] Ptk(byte[] pmk, ReadOnlySpan<byte> aa, ReadOnlySpan<byte> spa, ReadOnlySpan<byte> aNonce, ReadOnlySpan<byte> sNonce)
        {
            byte[] data = new byte[6 + 6 + NonceLength + NonceLength];
            bool aaFirst = aa.SequenceCompareTo(spa) < 0;
            (aaFirst ? aa : spa).CopyTo(data.AsSpan(0));
            (aaFirst ? spa : aa).CopyTo(data.AsSpan(6));
            bool aFirst = aNonce.SequenceCompareTo(sNonce) < 0;
            (aFirst ? aNonce : sNonce).CopyTo(data.AsSpan(12));
            (aFirst ? sNonce : aNonce).CopyTo(data.AsSpan(12 + NonceLength));
            return Prf(pmk, "Pairwise key expansion", data, PtkLength);
        }

        /// <summary>IEEE 802.11 PRF: HMAC-SHA1(K, A ‖ 0x00 ‖ B ‖ counter) blocks.</summary>
        public static byte[] Prf(byte[] key, string label, byte[] b, int length)
        {
            byte[] a = Encoding.ASCII.GetBytes(label);
            byte[] input = new byte[a.Length + 1 + b.Length + 1];
            a.CopyTo(input, 0);
            b.CopyTo(input, a.Length + 1);
            byte[] output = new byte[length];
            for (int i = 0, done = 0; done < length; i++)
            {
                input[^1] = (byte)i;
                byte[] block = HMACSHA1.HashData(key, input);
                int n = Math.Min(block.Length, length - done);
                Array.Copy(block, 0, output, done, n);
                done += n;
            }
            return output;
        }

        /// <summary>The MIC of an EAPOL-Key frame whose MIC field is zero.</summary>
        public static byte[] Mic(byte[] ptk, ReadOnlySpan<byte> frame)
        {
            byte[] full = HMACSHA1.HashData(ptk.AsSpan(0, 16), frame);
            return full.AsSpan(0, MicLength).ToArray();
        }
    }
}
