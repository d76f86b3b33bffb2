using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NanoStack.Host.Tests.Support
{
    /// <summary>
    /// Tests that need root, a network namespace or an installed server call
    /// <see cref="Require"/>: on a developer machine a missing prerequisite makes the test
    /// inconclusive (reported as skipped, with the reason); with CI=true it fails, so nothing is
    /// skipped silently in CI.
    /// </summary>
    public static class TestEnvironment
    {
        public static bool IsCi =>
            string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", System.StringComparison.OrdinalIgnoreCase);

        public static void Require(bool available, string what)
        {
            if (available)
            {
                return;
            }
            if (IsCi)
            {
                Assert.Fail("CI=true and a prerequisite is missing: " + what);
            }
            Assert.Inconclusive("skipped: " + what + " (set it up, or run in CI where it is required)");
        }
    }
}
