using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Services
{
    /// <summary>
    /// The emulated network's DHCP server (RFC 2131 §4.3, options RFC 2132), written for the host
    /// apart from the device's client. A pool of consecutive addresses; DISCOVER → OFFER,
    /// REQUEST (SELECTING with our server identifier, INIT-REBOOT, RENEWING/REBINDING with ciaddr)
    /// → ACK or NAK, RELEASE frees, DECLINE blocks the address. Replies carry subnet mask,
    /// router, DNS server, lease time, T1 and T2. Replies are broadcast when the client set the
    /// broadcast flag or has no address yet (RFC 2131 §4.1 allows a server to broadcast when it
    /// cannot unicast to an unconfigured client), otherwise unicast to ciaddr.
    /// Fault knobs for tests: <see cref="IgnoreNext"/> (lost requests), <see cref="NakNext"/>.
    /// </summary>
    public sealed class EmulatedDhcpServer : IUdpService
    {
        public const byte Discover = 1, Offer = 2, Request = 3, Decline = 4, Ack = 5, Nak = 6, Release = 7, Inform = 8;
        private const uint MagicCookie = 0x63825363;
        private const int FixedLength = 236;

        private readonly EmulatedServicesNode _node;
        private readonly uint _first;
        private readonly int _count;
        private readonly Dictionary<ulong, Lease> _leases = new();
        private readonly HashSet<uint> _declined = new();

        public EmulatedDhcpServer(EmulatedServicesNode node, Ipv4Address firstAddress, int poolSize, Ipv4Address dnsServer, int leaseSeconds = 3600)
        {
            ArgumentNullException.ThrowIfNull(node);
            _node = node;
            _first = firstAddress.Value;
            _count = poolSize;
            DnsServer = dnsServer;
            LeaseSeconds = leaseSeconds;
        }

        public ushort Port => 67;

        public Ipv4Address DnsServer { get; }

        public int LeaseSeconds { get; set; }

        /// <summary>Requests to drop without answering (simulates loss).</summary>
        public int IgnoreNext { get; set; }

        /// <summary>REQUESTs to answer with NAK.</summary>
        public int NakNext { get; set; }

        public int Offers { get; private set; }
        public int Acks { get; private set; }
        public int Naks { get; private set; }
        public int Releases { get; private set; }

        /// <summary>The address leased to <paramref name="mac"/>, if any.</summary>
        public bool TryGetLease(MacAddress mac, out Ipv4Address address, out long expiresMs)
        {
            if (_leases.TryGetValue(mac.Value, out Lease l) && l.Bound)
            {
                address = new Ipv4Address(l.Address);
                expiresMs = l.ExpiresMs;
                return true;
            }
            address = Ipv4Address.Any;
            expiresMs = 0;
            return false;
        }

        private sealed class Lease
        {
            public uint Address;
            public bool Bound;
            public long ExpiresMs;
        }

        public byte[] Handle(long nowMs, ReadOnlySpan<byte> m, Ipv4Address source, ushort sourcePort, ref Ipv4Address replyTo, ref ushort replyPort, ref MacAddress replyMac)
        {
            if (m.Length < FixedLength + 4 || m[0] != 1 || m[1] != 1 || m[2] != 6 || BinaryPrimitives.ReadUInt32BigEndian(m.Slice(FixedLength)) != MagicCookie)
            {
                return null; // not a BOOTREQUEST over Ethernet with the magic cookie
            }
            if (IgnoreNext > 0)
            {
                IgnoreNext--;
                return null;
            }
            uint xid = BinaryPrimitives.ReadUInt32BigEndian(m.Slice(4));
            bool broadcastFlag = (m[10] & 0x80) != 0;
            uint ciaddr = BinaryPrimitives.ReadUInt32BigEndian(m.Slice(12));
            var chaddr = new MacAddress(m[28], m[29], m[30], m[31], m[32], m[33]);
            byte type = 0;
            uint requested = 0, serverId = 0;
            if (!ReadOptions(m.Slice(FixedLength + 4), ref type, ref requested, ref serverId))
            {
                return null;
            }
            replyPort = 68;
            replyMac = chaddr;
            replyTo = broadcastFlag || ciaddr == 0 ? Ipv4Address.Broadcast : new Ipv4Address(ciaddr);
            switch (type)
            {
                case Discover:
                {
                    uint offer = Pick(chaddr, requested);
                    if (offer == 0)
                    {
                        return null; // pool exhausted: RFC 2131 §4.3.1 says nothing is sent
                    }
                    _leases[chaddr.Value] = new Lease { Address = offer, Bound = false, ExpiresMs = nowMs + 60_000 };
                    Offers++;
                    return Reply(m, xid, Offer, offer, 0);
                }
                case Request:
                {
                    if (serverId != 0 && serverId != _node.Address.Value)
                    {
                        _leases.Remove(chaddr.Value); // the client chose another server
                        return null;
                    }
                    uint want = requested != 0 ? requested : ciaddr;
                    bool ok = want != 0 && InPool(want) && !_declined.Contains(want) && !TakenByOther(chaddr, want);
                    if (NakNext > 0)
                    {
                        NakNext--;
                        ok = false;
                    }
                    if (!ok)
                    {
                        Naks++;
                        replyTo = Ipv4Address.Broadcast; // RFC 2131 §4.3.2: NAK is broadcast
                        return Reply(m, xid, Nak, 0, 0);
                    }
                    _leases[chaddr.Value] = new Lease { Address = want, Bound = true, ExpiresMs = nowMs + LeaseSeconds * 1000L };
                    Acks++;
                    return Reply(m, xid, Ack, want, ciaddr);
                }
                case Release:
                    if (_leases.TryGetValue(chaddr.Value, out Lease released) && released.Address == ciaddr)
                    {
                        _leases.Remove(chaddr.Value);
                        Releases++;
                    }
                    return null;
                case Decline:
                    if (requested != 0)
                    {
                        _declined.Add(requested);
                    }
                    _leases.Remove(chaddr.Value);
                    return null;
                default:
                    return null;
            }
        }

        private bool InPool(uint a) => a >= _first && a < _first + (uint)_count;

        private bool TakenByOther(MacAddress mac, uint address)
        {
            foreach (KeyValuePair<ulong, Lease> e in _leases)
            {
                if (e.Key != mac.Value && e.Value.Address == address)
                {
                    return true;
                }
            }
            return false;
        }

        private uint Pick(MacAddress mac, uint requested)
        {
            if (_leases.TryGetValue(mac.Value, out Lease existing))
            {
                return existing.Address;
            }
            if (requested != 0 && InPool(requested) && !_declined.Contains(requested) && !TakenByOther(mac, requested))
            {
                return requested;
            }
            for (uint a = _first; a < _first + (uint)_count; a++)
            {
                if (!_declined.Contains(a) && !TakenByOther(mac, a))
                {
                    return a;
                }
            }
            return 0;
        }

        // RFC 2132: options are code, length, value; 0 is pad, 255 ends. Returns false on a length
        // that runs past the message.
        private static bool ReadOptions(ReadOnlySpan<byte> o, ref byte type, ref uint requested, ref uint serverId)
        {
            int i = 0;
            while (i < o.Length)
            {
                byte code = o[i++];
                if (code == 0)
                {
                    continue;
                }
                if (code == 255)
                {
                    return true;
                }
                if (i >= o.Length || i + 1 + o[i] > o.Length)
                {
                    return false;
                }
                int len = o[i++];
                ReadOnlySpan<byte> v = o.Slice(i, len);
                if (code == 53 && len == 1)
                {
                    type = v[0];
                }
                else if (code == 50 && len == 4)
                {
                    requested = BinaryPrimitives.ReadUInt32BigEndian(v);
                }
                else if (code == 54 && len == 4)
                {
                    serverId = BinaryPrimitives.ReadUInt32BigEndian(v);
                }
                i += len;
            }
            return false; // no end option
        }

        private byte[] Reply(ReadOnlySpan<byte> request, uint xid, byte type, uint yiaddr, uint ciaddr)
        {
            var r = new byte[300];
            r[0] = 2; // BOOTREPLY
            r[1] = 1;
            r[2] = 6;
            BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(4), xid);
            r[10] = request[10]; // flags echoed (RFC 2131 Table 3)
            BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(12), type == Nak ? 0 : ciaddr);
            BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(16), yiaddr);
            if (type != Nak)
            {
                BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(20), _node.Address.Value); // siaddr
            }
            request.Slice(28, 16).CopyTo(r.AsSpan(28)); // chaddr
            BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(FixedLength), MagicCookie);
            int o = FixedLength + 4;
            r[o++] = 53; r[o++] = 1; r[o++] = type;
            r[o++] = 54; r[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o), _node.Address.Value); o += 4;
            if (type != Nak)
            {
                uint lease = (uint)LeaseSeconds;
                r[o++] = 51; r[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o), lease); o += 4;
                r[o++] = 58; r[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o), lease / 2); o += 4;
                r[o++] = 59; r[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o), lease / 8 * 7); o += 4;
                r[o++] = 1; r[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o), _node.SubnetMask.Value); o += 4;
                r[o++] = 3; r[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o), _node.Address.Value); o += 4;
                r[o++] = 6; r[o++] = 4; BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(o), DnsServer.Value); o += 4;
            }
            r[o++] = 255;
            return r; // padded to 300 bytes, the BOOTP minimum (RFC 1542 §2.1)
        }
    }
}
