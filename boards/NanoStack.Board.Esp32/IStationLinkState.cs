namespace NanoStack.Board.Esp32
{
    /// <summary>Whether the station link is up, as the driver sees it (the native module's link
    /// state on the device, a scripted value in host tests).</summary>
    public interface IStationLinkState
    {
        bool IsUp { get; }
    }
}
