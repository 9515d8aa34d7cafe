using System.Net;
using Gate64.Diagnostics;

namespace Gate64.Configuration;

/// <summary><c>[metrics]</c>: where Prometheus scrapes <c>/metrics</c> and monitoring asks <c>/healthz</c>.</summary>
internal static class MetricsSection
{
    public const string Name = "metrics";

    public static readonly string[] Keys = ["listen"];

    public static IPEndPoint? Read(TomlSection section)
    {
        IPEndPoint? listen = section.Value<IPEndPoint>("listen", ConfigValues.Endpoint);
        section.RejectUnknownKeys();
        if (listen is null && !section.Has("listen"))
        {
            section.Error("listen", "the address to serve /metrics and /healthz on, ADDR:PORT, is required.");
        }
        ValidationReport.Add(section, Name, new ObservabilityOptions { Listen = listen }.Validate());
        return listen;
    }
}
