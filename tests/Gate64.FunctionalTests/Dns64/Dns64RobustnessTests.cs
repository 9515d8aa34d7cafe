using System.Net.Sockets;
using Gate64.Testing;

namespace Gate64.FunctionalTests.Dns64;

/// <summary>Bad input from one client must not stop gate64 from answering the others.</summary>
public sealed class Dns64RobustnessTests : IClassFixture<Dns64Fixture>
{
    private const int FloodSize = 5_000;
    private static readonly TimeSpan s_ioTimeout = TimeSpan.FromSeconds(5);

    private readonly Dns64Fixture _fixture;

    public Dns64RobustnessTests(Dns64Fixture fixture)
    {
        _fixture = fixture;
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task MalformedDatagramFlood_IsDroppedAndGoodQueriesAreStillAnswered()
    {
        using (UdpClient client = new(AddressFamily.InterNetwork))
        {
            client.Connect(_fixture.Gateway.EndPoint);
            using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(15));
            foreach (byte[] datagram in MalformedDatagrams.Generate(FloodSize, seed: 6147))
            {
                await client.SendAsync(datagram, timeout.Token);
            }
        }

        DigOptions patient = new() { TimeoutSeconds = 2, Tries = 3 };
        DigResult udp = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", patient);
        DigResult tcp = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", patient with { UseTcp = true });

        Assert.False(_fixture.Gateway.Process.HasExited, _fixture.Gateway.Process.Describe());
        DigAssert.Status("NOERROR", udp);
        DigAssert.SingleAaaa(udp, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
        DigAssert.Status("NOERROR", tcp);
        DigAssert.SingleAaaa(tcp, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
    }

    [Fact(Timeout = TestTimeouts.TestMilliseconds)]
    public async Task TcpClientStallingAfterAMaximalLengthPrefix_DoesNotBlockOtherClients()
    {
        using CancellationTokenSource timeout = new(s_ioTimeout);

        // Announces a 65535-byte message and then sends nothing more, keeping the connection open.
        using TcpClient staller = new(AddressFamily.InterNetwork);
        await staller.ConnectAsync(_fixture.Gateway.EndPoint, timeout.Token);
        await staller.GetStream().WriteAsync(new byte[] { 0xFF, 0xFF }, timeout.Token);

        // Announces 65535 bytes, sends three and closes.
        using (TcpClient quitter = new(AddressFamily.InterNetwork))
        {
            await quitter.ConnectAsync(_fixture.Gateway.EndPoint, timeout.Token);
            await quitter.GetStream().WriteAsync(new byte[] { 0xFF, 0xFF, 0x00, 0x01, 0x02 }, timeout.Token);
        }

        // Connects and sends nothing at all. The staller and this one stay open while the others query.
        using TcpClient silent = new(AddressFamily.InterNetwork);
        await silent.ConnectAsync(_fixture.Gateway.EndPoint, timeout.Token);

        DigResult tcp = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", DigOptions.Tcp);
        DigResult udp = await _fixture.Dig.QueryAsync("v4only.test", "AAAA", DigOptions.Udp);

        DigAssert.Status("NOERROR", tcp);
        DigAssert.SingleAaaa(tcp, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
        DigAssert.Status("NOERROR", udp);
        DigAssert.SingleAaaa(udp, "v4only.test.", Dns64TestZone.V4OnlySynthesized);
        Assert.False(_fixture.Gateway.Process.HasExited, _fixture.Gateway.Process.Describe());
    }
}
