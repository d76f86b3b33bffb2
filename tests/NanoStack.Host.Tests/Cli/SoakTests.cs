using System;
using System.IO;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Cli;

namespace NanoStack.Host.Tests.Cli
{
    /// <summary>
    /// A short <c>nanostack soak</c>: every GET completes over a 5% lossy link, every connection
    /// after the first resumes, the device allocates only the two objects the app creates per
    /// connection, and the managed heap after full collections does not grow.
    /// </summary>
    [TestClass]
    public class SoakTests
    {
        [TestMethod]
        public void HundredsOfResumedGetsWithFlatMemory()
        {
            var output = new StringWriter();
            SoakResult r = Soak.Execute(output, new SoakOptions { Connections = 150, LossPercent = 5, Seed = 3, ReportEvery = 50 });
            string text = output.ToString();
            Console.WriteLine(text);
            Assert.AreEqual(150, r.Completed, text);
            Assert.AreEqual(0, r.Failed, text);
            Assert.AreEqual(149, r.Resumed, "every connection after the first resumes: " + text);
            Assert.IsTrue(r.FramesLost > 0, "the link lost frames");
            // A TcpChannel (48 B) and a TlsConnection (40 B) per connection, created by the app.
            Assert.IsTrue(r.DeviceBytesPerConnection <= 88, r.DeviceBytesPerConnection + " B per connection");
            long growth = r.HeapSamples.Last() - r.HeapSamples.First();
            Assert.IsTrue(Math.Abs(growth) < 32 * 1024, "managed heap moved by " + growth + " B over the run: " + string.Join(", ", r.HeapSamples));
        }
    }
}
