using System;
using System.Collections.Generic;
using NanoStack.Wire;

namespace NanoStack.Board.Emulator.Services
{
    /// <summary>
    /// The emulated network's router and server box on the access point's LAN: it owns an address,
    /// answers ARP for it and ICMP echo to it, and hands UDP datagrams to its services (the DHCP
    /// and DNS servers). Host-side code with its own DHCP and DNS encoders, written apart from the
    /// device's clients, so the two check each other. Frames use NanoStack's Wire views for
    /// Ethernet/ARP/IPv4/UDP only.
    /// </summary>
    public sealed class EmulatedServicesNode
    {
        private readonly EthernetSegment.Port _port;
        private readonly Dictionary<ushort, IUdpService> _services = new();
        private readonly byte[] _rx;
        private ushort _ipId;

        public EmulatedServicesNode(EthernetSegment lan, MacAddress mac, Ipv4Address address, int prefixLength)
        {
            ArgumentNullException.ThrowIfNull(lan);
            _port = lan.Attach(mac);
            _rx = new byte[_port.MaxFrameLength];
            Mac = mac;
            Address = address;
            PrefixLength = prefixLength;
        }

        public MacAddress Mac { get; }

        public Ipv4Address Address { get; }

        public int PrefixLength { get; }

        public Ipv4Address SubnetMask => Ipv4Address.PrefixToMask(PrefixLength);

        /// <summary>Frames that were not ARP/IPv4 for us, or failed to parse.</summary>
        public int Ignored { get; private set; }

        public int DatagramsHandled { get; private set; }

        public T Add<T>(T service) where T : IUdpService
        {
            _services.Add(service.Port, service);
            return service;
        }

        /// <summary>Processes every frame due; returns true if any was.</summary>
        public bool Poll(long nowMs)
        {
            bool any = false;
            int n;
            while ((n = _port.Receive(_rx, 0, _rx.Length, nowMs)) > 0)
            {
                any = true;
                Handle(nowMs, n);
            }
            return any;
        }

        public long PollAt(long nowMs) => _port.PollAt(nowMs);

        private void Handle(long nowMs, int length)
        {
            var eth = new EthernetFrame(_rx, 0, length);
            if (EthernetRepr.TryParse(eth, out EthernetRepr er) != WireStatus.Ok)
            {
                Ignored++;
                return;
            }
            if (er.EtherType == EtherType.Arp)
            {
                var arp = new ArpPacket(_rx, eth.PayloadOffset, eth.PayloadLength);
                if (ArpRepr.TryParse(arp, out ArpRepr ar) == WireStatus.Ok && ar.Operation == ArpOperation.Request && ar.TargetProtocolAddress == Address)
                {
                    var reply = new byte[EthernetFrame.HeaderLength + 28];
                    new EthernetRepr { Source = Mac, Destination = ar.SenderHardwareAddress, EtherType = EtherType.Arp }.Emit(new EthernetFrame(reply, 0, reply.Length));
                    new ArpRepr
                    {
                        Operation = ArpOperation.Reply,
                        SenderHardwareAddress = Mac,
                        SenderProtocolAddress = Address,
                        TargetHardwareAddress = ar.SenderHardwareAddress,
                        TargetProtocolAddress = ar.SenderProtocolAddress,
                    }.Emit(new ArpPacket(reply, EthernetFrame.HeaderLength, 28));
                    _port.Transmit(reply, 0, reply.Length, nowMs);
                    return;
                }
                Ignored++;
                return;
            }
            if (er.EtherType != EtherType.Ipv4)
            {
                Ignored++;
                return;
            }
            var ip = new Ipv4Packet(_rx, eth.PayloadOffset, eth.PayloadLength);
            if (Ipv4Repr.TryParse(ip, out Ipv4Repr ir) != WireStatus.Ok || ir.IsFragment)
            {
                Ignored++;
                return;
            }
            bool forUs = ir.Destination == Address || ir.Destination.IsBroadcast || ir.Destination == Address.SubnetBroadcast(SubnetMask);
            if (!forUs)
            {
                Ignored++;
                return;
            }
            int transport = eth.PayloadOffset + ip.HeaderLength;
            if (ir.Protocol == IpProtocol.Icmp && ir.Destination == Address)
            {
                var icmp = new IcmpPacket(_rx, transport, ir.PayloadLength);
                if (IcmpRepr.TryParse(icmp, out IcmpRepr req) == WireStatus.Ok && req.Type == IcmpType.EchoRequest)
                {
                    IcmpRepr echo = IcmpRepr.Echo(IcmpType.EchoReply, req.Identifier, req.SequenceNumber, req.DataLength);
                    byte[] data = _rx.AsSpan(req.DataOffset, req.DataLength).ToArray();
                    Send(nowMs, er.Source, ir.Source, IpProtocol.Icmp, echo.BufferLength, (b, o) => echo.Emit(new IcmpPacket(b, o, echo.BufferLength), data, 0));
                    return;
                }
                Ignored++;
                return;
            }
            if (ir.Protocol != IpProtocol.Udp)
            {
                Ignored++;
                return;
            }
            var udp = new UdpPacket(_rx, transport, ir.PayloadLength);
            if (UdpRepr.TryParse(udp, ir.Source, ir.Destination, out UdpRepr ur) != WireStatus.Ok || !_services.TryGetValue(ur.DestinationPort, out IUdpService service))
            {
                Ignored++;
                return;
            }
            DatagramsHandled++;
            Ipv4Address replyTo = ir.Source;
            ushort replyPort = ur.SourcePort;
            MacAddress replyMac = er.Source;
            byte[] payload = service.Handle(nowMs, _rx.AsSpan(ur.PayloadOffset, ur.PayloadLength), ir.Source, ur.SourcePort, ref replyTo, ref replyPort, ref replyMac);
            if (payload == null)
            {
                return;
            }
            var reply2 = new UdpRepr { SourcePort = ur.DestinationPort, DestinationPort = replyPort, PayloadLength = payload.Length };
            MacAddress destinationMac = replyTo.IsBroadcast ? MacAddress.Broadcast : replyMac;
            Send(nowMs, destinationMac, replyTo, IpProtocol.Udp, reply2.BufferLength, (b, o) => reply2.Emit(new UdpPacket(b, o, reply2.BufferLength), Address, replyTo, payload, 0));
        }

        private void Send(long nowMs, MacAddress destinationMac, Ipv4Address destination, byte protocol, int payloadLength, Action<byte[], int> emitPayload)
        {
            Ipv4Repr ip = Ipv4Repr.Create(Address, destination, protocol, payloadLength, _ipId++);
            var frame = new byte[EthernetFrame.HeaderLength + ip.BufferLength];
            new EthernetRepr { Source = Mac, Destination = destinationMac, EtherType = EtherType.Ipv4 }.Emit(new EthernetFrame(frame, 0, frame.Length));
            emitPayload(frame, EthernetFrame.HeaderLength + ip.HeaderLength);
            ip.Emit(new Ipv4Packet(frame, EthernetFrame.HeaderLength, ip.BufferLength));
            _port.Transmit(frame, 0, frame.Length, nowMs);
        }
    }
}
