using System;
using System.Buffers.Binary;
using System.IO;
using NanoStack.Link;

namespace NanoStack.Board.Emulator
{
    /// <summary>
    /// Decorates an <see cref="ILink"/> and records every frame it receives and every frame it
    /// transmits to a classic libpcap capture (magic 0xa1b2c3d4 written little-endian, version 2.4,
    /// thiszone 0, sigfigs 0, snaplen 65535, link type 1 = LINKTYPE_ETHERNET; see
    /// https://www.tcpdump.org/manpages/pcap-savefile.5.txt). Timestamps come from the
    /// <c>nowMs</c> passed in (virtual time), so the same run gives the same file byte for byte.
    ///
    /// What is recorded: a received frame when the inner link returns it; a transmitted frame only
    /// when the inner link accepted it (Transmit returned true). Frames are never truncated
    /// (ILink frames are far below the 65535 snaplen).
    ///
    /// Flush and dispose: the global header is written by the constructor and each record is
    /// written to the stream as it happens, but the stream may buffer; call <see cref="Flush"/> to
    /// push everything written so far to the stream and below (a reader then sees a complete,
    /// valid capture). <see cref="Dispose"/> flushes and closes the stream unless it was opened
    /// with <c>leaveOpen</c>; it never disposes the inner link. Calls after Dispose throw
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public sealed class PcapLink : ILink, IDisposable
    {
        /// <summary>Magic number of a microsecond-resolution capture.</summary>
        public const uint Magic = 0xA1B2C3D4;

        public const int GlobalHeaderLength = 24;
        public const int RecordHeaderLength = 16;
        public const int SnapLength = 65535;
        public const int LinkTypeEthernet = 1;

        private readonly ILink _inner;
        private readonly Stream _output;
        private readonly bool _leaveOpen;
        private readonly byte[] _header = new byte[RecordHeaderLength];
        private bool _disposed;

        /// <summary>Starts a capture on <paramref name="output"/> (writes the global header now).</summary>
        public PcapLink(ILink inner, Stream output, bool leaveOpen = false)
        {
            ArgumentNullException.ThrowIfNull(inner);
            ArgumentNullException.ThrowIfNull(output);
            _inner = inner;
            _output = output;
            _leaveOpen = leaveOpen;
            WriteGlobalHeader(output);
        }

        /// <summary>Creates (or truncates) the file at <paramref name="path"/> and captures into it.</summary>
        public static PcapLink Create(ILink inner, string path) =>
            new(inner, new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read));

        public ILink Inner => _inner;

        /// <summary>Records written (received plus transmitted).</summary>
        public int Records { get; private set; }

        public int MaxFrameLength => _inner.MaxFrameLength;

        public int Receive(byte[] buffer, int offset, int count, long nowMs)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int length = _inner.Receive(buffer, offset, count, nowMs);
            if (length > 0)
            {
                WriteRecord(buffer, offset, length, nowMs);
            }
            return length;
        }

        public bool Transmit(byte[] buffer, int offset, int length, long nowMs)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            bool sent = _inner.Transmit(buffer, offset, length, nowMs);
            if (sent)
            {
                WriteRecord(buffer, offset, length, nowMs);
            }
            return sent;
        }

        public long PollAt(long nowMs) => _inner.PollAt(nowMs);

        /// <summary>Pushes every record written so far through the stream.</summary>
        public void Flush()
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _output.Flush();
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _output.Flush();
            if (!_leaveOpen)
            {
                _output.Dispose();
            }
        }

        /// <summary>The 24-byte global header, little-endian (pcap-savefile(5)).</summary>
        public static void WriteGlobalHeader(Stream output)
        {
            Span<byte> h = stackalloc byte[GlobalHeaderLength];
            BinaryPrimitives.WriteUInt32LittleEndian(h[0..], Magic);
            BinaryPrimitives.WriteUInt16LittleEndian(h[4..], 2);   // version major
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], 4);   // version minor
            BinaryPrimitives.WriteInt32LittleEndian(h[8..], 0);    // thiszone: GMT
            BinaryPrimitives.WriteUInt32LittleEndian(h[12..], 0);  // sigfigs
            BinaryPrimitives.WriteUInt32LittleEndian(h[16..], SnapLength);
            BinaryPrimitives.WriteUInt32LittleEndian(h[20..], LinkTypeEthernet);
            output.Write(h);
        }

        private void WriteRecord(byte[] buffer, int offset, int length, long nowMs)
        {
            // Record header: ts_sec, ts_usec, incl_len, orig_len (pcap-savefile(5)).
            long ms = Math.Max(0, nowMs);
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(0), (uint)(ms / 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), (uint)(ms % 1000 * 1000));
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), (uint)length);
            BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(12), (uint)length);
            _output.Write(_header, 0, RecordHeaderLength);
            _output.Write(buffer, offset, length);
            Records++;
        }
    }
}
