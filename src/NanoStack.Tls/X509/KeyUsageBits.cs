namespace NanoStack.Tls.X509
{
    /// <summary>
    /// keyUsage bits (RFC 5280 §4.2.1.3) as flags of <see cref="CertificateInfo.KeyUsage"/>: named
    /// bit n of the BIT STRING is flag <c>1 &lt;&lt; n</c>.
    /// </summary>
    public static class KeyUsageBits
    {
        public const int DigitalSignature = 1 << 0;
        public const int NonRepudiation = 1 << 1;
        public const int KeyEncipherment = 1 << 2;
        public const int DataEncipherment = 1 << 3;
        public const int KeyAgreement = 1 << 4;
        public const int KeyCertSign = 1 << 5;
        public const int CrlSign = 1 << 6;
        public const int EncipherOnly = 1 << 7;
        public const int DecipherOnly = 1 << 8;
    }
}
