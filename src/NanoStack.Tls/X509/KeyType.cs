namespace NanoStack.Tls.X509
{
    /// <summary>Subject public key kinds (RFC 5280 §4.1.2.7, RFC 3279 §2.3, RFC 5480 §2).</summary>
    public enum KeyType
    {
        /// <summary>Nothing parsed yet.</summary>
        None = 0,
        /// <summary>rsaEncryption with a modulus of at most 4096 bits.</summary>
        Rsa,
        /// <summary>id-ecPublicKey on secp256r1, uncompressed point of 65 bytes.</summary>
        EcP256,
        /// <summary>id-ecPublicKey on secp384r1, uncompressed point of 97 bytes.</summary>
        EcP384,
        /// <summary>Any other key (other algorithm or curve, compressed point, RSA above 4096 bits).</summary>
        Other,
    }
}
