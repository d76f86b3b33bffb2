namespace NanoStack.Tls.Crypto
{
    /// <summary>
    /// Storage for a point as three field elements in Montgomery form (<see cref="MontgomeryField"/>).
    /// <see cref="EcCurve"/> reads them as homogeneous projective (X : Y : Z), x = X/Z, y = Y/Z,
    /// or, where it says so, Jacobian (x = X/Z², y = Y/Z³); Z = 0 is the point at infinity,
    /// (0 : 1 : 0). Allocated once by its owner; arithmetic lives in <see cref="EcCurve"/>.
    /// </summary>
    public sealed class EcProjectivePoint
    {
        /// <summary>Allocates a point of <paramref name="limbs"/>-limb coordinates (all zero).</summary>
        public EcProjectivePoint(int limbs)
        {
            _x = new uint[limbs];
            _y = new uint[limbs];
            _z = new uint[limbs];
        }

        // Explicit backing fields: auto-properties would reference CompilerGeneratedAttribute,
        // which nanoFramework 1.x does not have.
        private readonly uint[] _x;
        private readonly uint[] _y;
        private readonly uint[] _z;

        /// <summary>X coordinate (Montgomery form).</summary>
        public uint[] X
        {
            get { return _x; }
        }

        /// <summary>Y coordinate (Montgomery form).</summary>
        public uint[] Y
        {
            get { return _y; }
        }

        /// <summary>Z coordinate (Montgomery form); zero for the point at infinity.</summary>
        public uint[] Z
        {
            get { return _z; }
        }
    }
}
