using System;
using NanoStack.Tls.X509;

namespace NanoStack.Fuzz
{
    /// <summary>
    /// A TLS Certificate message body (RFC 5246 §7.4.2: a 3-byte list length, then certificates
    /// each with a 3-byte length) after one byte that sets the chunk size (1..256). Each listed
    /// certificate (as far as the input goes) is fed to a <see cref="CertificateParser"/> in
    /// chunks, then the whole body to <see cref="ChainValidator.Feed"/> in chunks (trusting the
    /// seed CA, at <see cref="Pki.UnixTime"/>).
    /// </summary>
    public sealed class X509Target
    {
        private readonly Pki _pki;
        private readonly CertificateParser _parser = new CertificateParser(new CertificateInfo());

        public X509Target(Pki pki)
        {
            _pki = pki;
        }

        public void Run(byte[] data)
        {
            if (data.Length == 0)
            {
                return;
            }
            int chunk = data[0] + 1;
            int start = 1;
            int end = data.Length;

            int p = start + 3;
            while (p + 3 <= end)
            {
                int length = (data[p] << 16) | (data[p + 1] << 8) | data[p + 2];
                p += 3;
                int available = Math.Min(length, end - p);
                _parser.Reset();
                CertStatus status = CertStatus.InProgress;
                for (int q = 0; q < available && status == CertStatus.InProgress; q += chunk)
                {
                    status = _parser.Feed(data, p + q, Math.Min(chunk, available - q));
                }
                CertStatus final = _parser.Finish();
                if (status != CertStatus.InProgress && final != status)
                {
                    throw new InvalidOperationException("CertificateParser status not sticky: " + status + " then " + final);
                }
                p += available;
            }

            ChainValidator validator = _pki.NewValidator();
            validator.Begin(Pki.HostName, Pki.UnixTime);
            ChainStatus chain = ChainStatus.InProgress;
            for (int q = start; q < end && chain == ChainStatus.InProgress; q += chunk)
            {
                chain = validator.Feed(data, q, Math.Min(chunk, end - q));
            }
            validator.Finish();
        }
    }
}
