using System;
using System.Collections.Generic;
using System.Linq;

namespace NanoStack.Board.Emulator.Wifi
{
    /// <summary>The air: every emulated access point a station can hear.</summary>
    public sealed class RadioEnvironment
    {
        private readonly List<EmulatedAccessPoint> _accessPoints = new();

        public IReadOnlyList<EmulatedAccessPoint> AccessPoints => _accessPoints;

        public EmulatedAccessPoint Add(EmulatedAccessPoint accessPoint)
        {
            ArgumentNullException.ThrowIfNull(accessPoint);
            _accessPoints.Add(accessPoint);
            return accessPoint;
        }

        /// <summary>Powered access points, strongest first.</summary>
        public IEnumerable<EmulatedAccessPoint> InRange() => _accessPoints.Where(a => a.PoweredOn).OrderByDescending(a => a.Rssi);
    }
}
