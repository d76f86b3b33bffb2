#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using Assert = NanoStack.Testing.Assert;
using CollectionAssert = NanoStack.Testing.CollectionAssert;
using OutputHelper = NanoStack.Testing.OutputHelper;
using SetupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestInitializeAttribute;
using CleanupAttribute = Microsoft.VisualStudio.TestTools.UnitTesting.TestCleanupAttribute;
#endif
using NanoStack.Channels;

namespace NanoStack.Tests.Http
{
    /// <summary>
    /// An in-memory <see cref="IByteChannel"/> playing a server from a script: data segments (each
    /// handed out by reads of at most <see cref="MaxRead"/> bytes, never two segments in one read),
    /// a point that waits for the next request (<see cref="AwaitRequest"/>: reads time out until
    /// the client has written), a timeout, the end of the stream, a reset. Everything the client
    /// writes is recorded. An exhausted script times out, like a silent server.
    /// </summary>
    internal sealed class ScriptedChannel : IByteChannel
    {
        private const int KindData = 0;
        private const int KindAwait = 1;
        private const int KindTimeout = 2;
        private const int KindEnd = 3;
        private const int KindReset = 4;

        private readonly byte[][] _segments = new byte[64][];
        private readonly int[] _kinds = new int[64];
        private int _count;
        private int _next;
        private int _position;
        private bool _wroteSinceAwait;
        private readonly byte[] _written;
        private int _writtenLength;

        /// <summary>Largest read handed out (to split responses).</summary>
        public int MaxRead = int.MaxValue;

        /// <summary>When negative, every write returns it (a <see cref="ChannelStatus"/>).</summary>
        public int WriteStatus;

        public bool Closed;
        public int CloseCount;
        public int Reads;
        public int Writes;
        public string Name;

        public ScriptedChannel(string name)
            : this(name, 4096)
        {
        }

        public ScriptedChannel(string name, int writeCapacity)
        {
            Name = name;
            _written = new byte[writeCapacity];
        }

        public ScriptedChannel Send(string text)
        {
            byte[] b = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                b[i] = (byte)text[i];
            }
            return Add(KindData, b);
        }

        public ScriptedChannel Send(byte[] data)
        {
            return Add(KindData, data);
        }

        public ScriptedChannel AwaitRequest()
        {
            return Add(KindAwait, null);
        }

        public ScriptedChannel Timeout()
        {
            return Add(KindTimeout, null);
        }

        public ScriptedChannel End()
        {
            return Add(KindEnd, null);
        }

        public ScriptedChannel ResetConnection()
        {
            return Add(KindReset, null);
        }

        /// <summary>Everything written so far, as text.</summary>
        public string Written
        {
            get
            {
                char[] c = new char[_writtenLength];
                for (int i = 0; i < _writtenLength; i++)
                {
                    c[i] = (char)_written[i];
                }
                return new string(c);
            }
        }

        /// <summary>The script has been played to its end (or to an end-of-stream or reset).</summary>
        public bool Exhausted
        {
            get { return _next == _count || _kinds[_next] == KindEnd || _kinds[_next] == KindReset; }
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            Reads++;
            if (Closed)
            {
                return ChannelStatus.Closed;
            }
            while (true)
            {
                if (_next == _count)
                {
                    return ChannelStatus.TimedOut;
                }
                switch (_kinds[_next])
                {
                    case KindAwait:
                        if (!_wroteSinceAwait)
                        {
                            return ChannelStatus.TimedOut;
                        }
                        _wroteSinceAwait = false;
                        _next++;
                        continue;
                    case KindTimeout:
                        _next++;
                        return ChannelStatus.TimedOut;
                    case KindEnd:
                        return 0;
                    case KindReset:
                        return ChannelStatus.Reset;
                    default:
                        {
                            byte[] segment = _segments[_next];
                            int n = segment.Length - _position;
                            if (n > count)
                            {
                                n = count;
                            }
                            if (n > MaxRead)
                            {
                                n = MaxRead;
                            }
                            System.Array.Copy(segment, _position, buffer, offset, n);
                            _position += n;
                            if (_position == segment.Length)
                            {
                                _next++;
                                _position = 0;
                            }
                            if (n == 0)
                            {
                                continue;
                            }
                            return n;
                        }
                }
            }
        }

        public int Write(byte[] buffer, int offset, int count, int timeoutMs)
        {
            Writes++;
            if (Closed)
            {
                return ChannelStatus.Closed;
            }
            if (WriteStatus < 0)
            {
                return WriteStatus;
            }
            Assert.IsTrue(count <= _written.Length - _writtenLength, "scripted channel: write capacity");
            System.Array.Copy(buffer, offset, _written, _writtenLength, count);
            _writtenLength += count;
            _wroteSinceAwait = true;
            return count;
        }

        public void Close()
        {
            Closed = true;
            CloseCount++;
        }

        private ScriptedChannel Add(int kind, byte[] data)
        {
            _kinds[_count] = kind;
            _segments[_count] = data;
            _count++;
            return this;
        }
    }
}
