namespace Gate64.Tests.Links;

/// <summary>
/// Output of iproute2 6.1 (<c>ip -j</c>) captured from a link made by the plan, host namespace and workload
/// namespace <c>ws1</c>, and variations of it.
/// </summary>
internal static class CapturedIpJson
{
    public const string HostEnd =
        """[{"ifindex":3,"link_index":2,"ifname":"gw0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"ee:ee:ee:ee:ee:ee","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":1,"promiscuity":0,"allmulti":0,"min_mtu":68,"max_mtu":65535,"linkinfo":{"info_kind":"veth"},"num_tx_queues":2,"num_rx_queues":2,"gso_max_size":65536,"gso_max_segs":65535,"tso_max_size":524280,"tso_max_segs":65535,"gro_max_size":65536,"ifalias":"gate64 link netns=ws1 ipv6=2001:db8:10::10 ipv4=192.0.2.10","addr_info":[{"family":"inet6","local":"fe80::ecee:eeff:feee:eeee","prefixlen":64,"scope":"link","nodad":true,"valid_life_time":4294967295,"preferred_life_time":4294967295}]}]""";

    public const string WorkloadEnd =
        """[{"ifindex":2,"link_index":3,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"5e:67:58:5b:4f:90","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,"linkinfo":{"info_kind":"veth"},"addr_info":[{"family":"inet","local":"192.0.2.10","prefixlen":32,"scope":"global","label":"eth0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"2001:db8:10::10","prefixlen":128,"scope":"global","nodad":true,"valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::5c67:58ff:fe5b:4f90","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]""";

    public const string HostRoutes4 = """[{"dst":"192.0.2.10","scope":"link","flags":[]}]""";

    public const string HostRoutes6 = """[{"dst":"2001:db8:10::10","metric":1024,"flags":[],"pref":"medium"}]""";

    public const string WorkloadDefault4 = """[{"dst":"default","gateway":"169.254.1.1","dev":"eth0","flags":[]}]""";

    public const string WorkloadDefault6 = """[{"dst":"default","gateway":"fe80::ecee:eeff:feee:eeee","dev":"eth0","metric":1024,"flags":[],"pref":"medium"}]""";

    /// <summary>The host's uplink: an interface that is not a Gate64 link.</summary>
    public const string Uplink =
        """[{"ifindex":2,"ifname":"gw0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"operstate":"UP","address":"52:54:00:12:34:56","linkinfo":null,"addr_info":[{"family":"inet","local":"198.51.100.2","prefixlen":30,"scope":"global"}]}]""";

    public const string NoSuchDevice = "Device \"gw0\" does not exist.\n";
}
