namespace NanoStack.Tls.X509
{
    /// <summary>
    /// Receives exactly the bytes of tbsCertificate (its tag, length and content, RFC 5280 §4.1.1.1)
    /// as <see cref="CertificateParser"/> streams them, so the caller can hash the signed part
    /// without keeping the certificate. Called in order, chunk by chunk; the arrays passed are
    /// the caller's input chunks or the parser's header buffer and are only valid during the call.
    /// </summary>
    public interface ITbsSink
    {
        void Update(byte[] data, int offset, int count);
    }
}
