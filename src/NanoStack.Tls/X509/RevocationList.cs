using NanoStack.Tls.Crypto;

namespace NanoStack.Tls.X509
{
    /// <summary>
    /// The application's deny list, in fixed slots: certificates by (SHA-256 of the issuer name
    /// DER, serial number) and keys by SHA-256 of their SubjectPublicKeyInfo. This is the only
    /// revocation source besides a stapled OCSP response: there is no CRL download and no OCSP
    /// fetch (a device cannot afford either on the connection path).
    /// </summary>
    public sealed class RevocationList
    {
        private readonly byte[][] _issuerHash;
        private readonly byte[][] _serial;
        private readonly int[] _serialLength;
        private readonly byte[][] _spkiHash;
        private int _serials;
        private int _keys;

        public RevocationList(int serialCapacity, int keyCapacity)
        {
            _issuerHash = new byte[serialCapacity][];
            _serial = new byte[serialCapacity][];
            _serialLength = new int[serialCapacity];
            for (int i = 0; i < serialCapacity; i++)
            {
                _issuerHash[i] = new byte[Sha256.Size];
                _serial[i] = new byte[CertificateInfo.MaxSerialLength];
            }
            _spkiHash = new byte[keyCapacity][];
            for (int i = 0; i < keyCapacity; i++)
            {
                _spkiHash[i] = new byte[Sha256.Size];
            }
        }

        /// <summary>Denies the certificate with this issuer-name hash and serial (content octets).</summary>
        public void AddSerial(byte[] issuerNameSha256, byte[] serial, int serialOffset, int serialLength)
        {
            CryptoRange.Check(issuerNameSha256, 0, Sha256.Size, "issuerNameSha256");
            CryptoRange.Check(serial, serialOffset, serialLength, "serial");
            if (_serials == _serial.Length || serialLength > CertificateInfo.MaxSerialLength)
            {
                throw new System.InvalidOperationException("the deny list is full or the serial too long");
            }
            System.Array.Copy(issuerNameSha256, 0, _issuerHash[_serials], 0, Sha256.Size);
            System.Array.Copy(serial, serialOffset, _serial[_serials], 0, serialLength);
            _serialLength[_serials] = serialLength;
            _serials++;
        }

        /// <summary>Denies every certificate for the key whose SPKI DER has this SHA-256.</summary>
        public void AddKey(byte[] spkiSha256)
        {
            CryptoRange.Check(spkiSha256, 0, Sha256.Size, "spkiSha256");
            if (_keys == _spkiHash.Length)
            {
                throw new System.InvalidOperationException("the deny list is full");
            }
            System.Array.Copy(spkiSha256, 0, _spkiHash[_keys], 0, Sha256.Size);
            _keys++;
        }

        internal bool ContainsSerial(byte[] issuerHash, byte[] serial, int serialLength)
        {
            for (int i = 0; i < _serials; i++)
            {
                if (_serialLength[i] == serialLength && CertificateInfo.NameEquals(_serial[i], serialLength, serial, serialLength)
                    && CertificateInfo.NameEquals(_issuerHash[i], Sha256.Size, issuerHash, Sha256.Size))
                {
                    return true;
                }
            }
            return false;
        }

        internal bool ContainsKey(byte[] spkiHash)
        {
            for (int i = 0; i < _keys; i++)
            {
                if (CertificateInfo.NameEquals(_spkiHash[i], Sha256.Size, spkiHash, Sha256.Size))
                {
                    return true;
                }
            }
            return false;
        }

        internal bool IsEmpty { get { return _serials == 0 && _keys == 0; } }
    }
}
