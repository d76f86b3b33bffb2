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
using NanoStack.Http;

namespace NanoStack.Tests.Http
{
    /// <summary>An <see cref="IHttpConnector"/> that hands out scripted channels in order and logs
    /// every origin it is asked for ("scheme://host:port", space-separated). A null in the queue, or
    /// an empty queue, is a failed connect.</summary>
    internal sealed class TestConnector : IHttpConnector
    {
        private readonly ScriptedChannel[] _channels = new ScriptedChannel[16];
        private int _count;
        private int _next;

        public string Log = "";
        public int Opens;

        public TestConnector Add(ScriptedChannel channel)
        {
            _channels[_count++] = channel;
            return this;
        }

        public IByteChannel Open(string scheme, string host, int port, int timeoutMs)
        {
            Opens++;
            Log = string.Concat(Log.Length == 0 ? "" : Log + " ", scheme, "://", string.Concat(host, ":", port.ToString()));
            if (_next == _count)
            {
                return null;
            }
            return _channels[_next++];
        }
    }
}
