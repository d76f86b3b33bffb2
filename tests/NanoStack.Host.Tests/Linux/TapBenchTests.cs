using Microsoft.VisualStudio.TestTools.UnitTesting;
using NanoStack.Board.Linux;
using NanoStack.Host.Tests.Support;

namespace NanoStack.Host.Tests.Linux
{
    /// <summary>The bench runs end to end with small amounts (its figures are for the README's
    /// bench command, not asserted here).</summary>
    [TestClass]
    public sealed class TapBenchTests
    {
        [TestMethod]
        public void BenchMeasuresBothStacks()
        {
            TestEnvironment.Require(NetworkNamespace.IsSupported, NetworkNamespace.Requirement);
            TestEnvironment.Require(ReferencePrograms.IsSupported, ReferencePrograms.Requirement);
            var (nano, lwip) = TapBench.Run(200_000, 20, 16384, System.Console.Out);
            Assert.IsTrue(nano.UpMbps > 0 && nano.DownMbps > 0 && nano.RttMedianUs > 0);
            Assert.IsTrue(lwip.UpMbps > 0 && lwip.DownMbps > 0 && lwip.RttMedianUs > 0);
        }
    }
}
