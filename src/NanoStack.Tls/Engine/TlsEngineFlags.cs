namespace NanoStack.Tls
{
    /// <summary>
    /// What a <see cref="TlsClientEngine"/> wants next (<see cref="TlsClientEngine.Flags"/>), as
    /// bits. The caller moves bytes accordingly and reads the flags again.
    /// </summary>
    public static class TlsEngineFlags
    {
        /// <summary>The connection is over (closed or failed): nothing more will move.</summary>
        public const int Closed = 1;

        /// <summary>Records wait in the send buffer (<see cref="TlsClientEngine.TryGetRecordsToSend"/>).</summary>
        public const int SendRecord = 2;

        /// <summary>The engine needs record bytes from the peer (<see cref="TlsClientEngine.TryGetRecordSpace"/>).</summary>
        public const int ReceiveRecord = 4;

        /// <summary>Application data may be written (<see cref="TlsClientEngine.TryGetAppSendSpace"/>).</summary>
        public const int SendApp = 8;

        /// <summary>Decrypted application data waits (<see cref="TlsClientEngine.TryGetAppData"/>).</summary>
        public const int ReceiveApp = 16;
    }
}
