namespace NanoStack.Tls
{
    /// <summary>TLS alert descriptions (RFC 5246 §7.2, RFC 5746, RFC 7301, RFC 8449).</summary>
    public static class TlsAlert
    {
        public const int None = -1;
        public const int CloseNotify = 0;
        public const int UnexpectedMessage = 10;
        public const int BadRecordMac = 20;
        public const int RecordOverflow = 22;
        public const int HandshakeFailure = 40;
        public const int BadCertificate = 42;
        public const int UnsupportedCertificate = 43;
        public const int CertificateRevoked = 44;
        public const int CertificateExpired = 45;
        public const int CertificateUnknown = 46;
        public const int IllegalParameter = 47;
        public const int UnknownCa = 48;
        public const int AccessDenied = 49;
        public const int DecodeError = 50;
        public const int DecryptError = 51;
        public const int ProtocolVersion = 70;
        public const int InsufficientSecurity = 71;
        public const int InternalError = 80;
        public const int InappropriateFallback = 86;
        public const int UserCanceled = 90;
        public const int NoRenegotiation = 100;
        public const int UnsupportedExtension = 110;
        public const int NoApplicationProtocol = 120;

        /// <summary>The RFC name of an alert description, e.g. "bad_record_mac".</summary>
        public static string Name(int description)
        {
            switch (description)
            {
                case CloseNotify: return "close_notify";
                case UnexpectedMessage: return "unexpected_message";
                case BadRecordMac: return "bad_record_mac";
                case 21: return "decryption_failed";
                case RecordOverflow: return "record_overflow";
                case 30: return "decompression_failure";
                case HandshakeFailure: return "handshake_failure";
                case BadCertificate: return "bad_certificate";
                case UnsupportedCertificate: return "unsupported_certificate";
                case CertificateRevoked: return "certificate_revoked";
                case CertificateExpired: return "certificate_expired";
                case CertificateUnknown: return "certificate_unknown";
                case IllegalParameter: return "illegal_parameter";
                case UnknownCa: return "unknown_ca";
                case AccessDenied: return "access_denied";
                case DecodeError: return "decode_error";
                case DecryptError: return "decrypt_error";
                case ProtocolVersion: return "protocol_version";
                case InsufficientSecurity: return "insufficient_security";
                case InternalError: return "internal_error";
                case InappropriateFallback: return "inappropriate_fallback";
                case UserCanceled: return "user_canceled";
                case NoRenegotiation: return "no_renegotiation";
                case 111: return "certificate_unobtainable";
                case 112: return "unrecognized_name";
                case 113: return "bad_certificate_status_response";
                case UnsupportedExtension: return "unsupported_extension";
                case NoApplicationProtocol: return "no_application_protocol";
                case None: return "none";
                default: return string.Concat("alert ", description.ToString());
            }
        }
    }
}
