namespace NanoStack.App
{
    /// <summary>
    /// Where the application's log lines go: the debug output on the device, a list in host tests.
    /// Each line starts with the step it is about ("wifi: ...", "dhcp: ...", "fetch: ...").
    /// </summary>
    public interface IAppLog
    {
        /// <summary>One line of text, without the line ending.</summary>
        void Line(string text);
    }
}
