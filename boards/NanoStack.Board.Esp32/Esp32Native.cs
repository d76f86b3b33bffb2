using System.Runtime.CompilerServices;

namespace NanoStack.Board.Esp32
{
    /// <summary>
    /// The native interop methods of the NanoStack ESP32 firmware module (NATIVE_API.md is the
    /// contract the C side implements). Frames are Ethernet II without the FCS, exchanged with the
    /// Wi-Fi station interface of the ESP-IDF driver.
    ///
    ///   int  NativeOpen()                                       0 ok, &lt;0 error (see NATIVE_API.md)
    ///   int  NativeReceive(byte[] buffer, int offset, int count) length &gt;0, 0 none, -1 dropped (too long)
    ///   int  NativeTransmit(byte[] buffer, int offset, int length) 0 sent, -1 link down, -2 queue full
    ///   int  NativeGetMac(byte[] mac)                           0 ok (6 bytes written), &lt;0 error
    ///   int  NativeLinkState()                                  0 down, 1 up
    ///   int  NativeFillRandom(byte[] buffer, int offset, int count) 0 ok (esp_fill_random)
    ///
    /// Receive notification: a NativeEventDispatcher on driver <see cref="DispatcherName"/>,
    /// data1 = <see cref="EventFrameReceived"/> or <see cref="EventLinkChanged"/>.
    /// </summary>
    internal static class Esp32Native
    {
        public const string DispatcherName = "NanoStackEsp32";

        public const uint EventFrameReceived = 1;

        public const uint EventLinkChanged = 2;

        public const int Ok = 0;

        public const int ErrorDropped = -1;

        public const int ErrorLinkDown = -1;

        public const int ErrorQueueFull = -2;

        public const int ErrorUnavailable = -3;

        public const int ErrorInvalidArgument = -5;

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int NativeOpen();

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int NativeReceive(byte[] buffer, int offset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int NativeTransmit(byte[] buffer, int offset, int length);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int NativeGetMac(byte[] mac);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int NativeLinkState();

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int NativeFillRandom(byte[] buffer, int offset, int count);
    }
}
