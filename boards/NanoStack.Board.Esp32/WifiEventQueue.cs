using NanoStack.Wifi;

namespace NanoStack.Board.Esp32
{
    /// <summary>
    /// A fixed ring of Wi-Fi events the application polls (DESIGN.md principle 10). Allocated once;
    /// when full, the newest event is dropped and counted, so the oldest state changes survive.
    /// </summary>
    public sealed class WifiEventQueue
    {
        private readonly WifiEventKind[] _ring;
        private int _head;
        private int _count;

        public WifiEventQueue(int capacity)
        {
            if (capacity < 1)
            {
                throw new System.ArgumentOutOfRangeException("capacity");
            }
            _ring = new WifiEventKind[capacity];
        }

        public int Count { get { return _count; } }

        /// <summary>Events lost because the queue was full.</summary>
        public int Dropped { get; private set; }

        public void Enqueue(WifiEventKind kind)
        {
            if (_count == _ring.Length)
            {
                Dropped++;
                return;
            }
            _ring[(_head + _count) % _ring.Length] = kind;
            _count++;
        }

        public bool TryDequeue(out WifiEventKind kind)
        {
            if (_count == 0)
            {
                kind = WifiEventKind.None;
                return false;
            }
            kind = _ring[_head];
            _head = (_head + 1) % _ring.Length;
            _count--;
            return true;
        }

        public void Clear()
        {
            _head = 0;
            _count = 0;
        }
    }
}
