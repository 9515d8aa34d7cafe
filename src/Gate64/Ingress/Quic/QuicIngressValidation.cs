namespace Gate64.Ingress.Quic;

/// <summary>The checks of the QUIC settings of <see cref="IngressOptions"/>, reported with the TCP ones.</summary>
internal static class QuicIngressValidation
{
    /// <summary>The smallest per-flow buffer: one full-size client Initial datagram (RFC 9000 §14.1 pads them to 1,200 bytes).</summary>
    public const int MinFlowBufferBytes = 1200;

    public static IEnumerable<string> Validate(IngressOptions options)
    {
        foreach (IngressListenerOptions listener in options.Quic)
        {
            if (listener.BackendPort is < 1 or > 65535)
            {
                yield return $"ingress: --quic {listener}: the backend port must be 1 to 65535.";
            }
        }

        if (options.QuicIdleTimeout <= TimeSpan.Zero)
        {
            yield return "ingress: --quic-idle-timeout must be positive.";
        }

        if (options.MaxQuicFlows <= 0)
        {
            yield return "ingress: --max-quic-flows must be positive.";
        }

        if (options.MaxQuicFlowBufferBytes < MinFlowBufferBytes)
        {
            yield return $"ingress: the QUIC buffer of one flow must hold at least one Initial datagram ({MinFlowBufferBytes} bytes).";
        }

        if (options.MaxQuicBufferBytes < options.MaxQuicFlowBufferBytes)
        {
            yield return "ingress: the QUIC buffer of all flows must be at least the buffer of one flow.";
        }
    }
}
