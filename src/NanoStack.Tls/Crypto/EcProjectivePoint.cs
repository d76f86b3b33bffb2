namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// A point in homogeneous projective coordinates (X : Y : Z), x = X/Z, y = Y/Z, each coordinate
    /// a field element in Montgomery form (<see cref="MontgomeryField"/>). The point at infinity is
    /// (0 : 1 : 0). Allocated once by its owner; arithmetic lives in <see cref="EcCurve"/>.
    /// </summary>
    public sealed class EcProjectivePoint
    {
        /// <summary>Allocates a point of <paramref name="limbs"/>-limb coordinates (all zero).</summary>
        public EcProjectivePoint(int limbs)
        {
            X = new uint[limbs];
            Y = new uint[limbs];
            Z = new uint[limbs];
        }

        /// <summary>X coordinate (Montgomery form).</summary>
        public uint[] X { get; private set; }

        /// <summary>Y coordinate (Montgomery form).</summary>
        public uint[] Y { get; private set; }

        /// <summary>Z coordinate (Montgomery form); zero for the point at infinity.</summary>
        public uint[] Z { get; private set; }
    }
}
