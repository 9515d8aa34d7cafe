using System.Net;
using Gate64.Ingress;
using Gate64.Protocols.Ip;
using Gate64.Resolver;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Gate64.Configuration;

/// <summary>
/// Reads <c>gate64.toml</c>: one table per service (<c>[dns64]</c>, <c>[ingress]</c>,
/// <c>[nat64]</c>, <c>[bgp]</c> with <c>[[bgp.neighbor]]</c>), the shared <c>[resolver]</c> and
/// <c>[metrics]</c>. Keys are the command-line flags without their dashes. A table present means
/// the service runs. Every error in the file is reported at once, each on its line and key,
/// and then each service's own checks run too, so that the file is right before anything starts.
/// </summary>
public static class Gate64ConfigReader
{
    public const string DefaultPath = "/etc/gate64/gate64.toml";

    private static readonly string[] s_sections =
        [ResolverSection.Name, Dns64Section.Name, IngressSection.Name, Nat64Section.Name, BgpSection.Name, MetricsSection.Name];

    /// <summary>Reads and checks the file at <paramref name="path"/>; an unreadable file is one error.</summary>
    public static Gate64ConfigResult ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new Gate64ConfigResult(null, [new ConfigError(path, 0, null, "", $"cannot read the file: {exception.Message}")]);
        }
        return Parse(text, path);
    }

    /// <param name="text">The file's content.</param>
    /// <param name="path">The file's name as the operator wrote it, for the error messages.</param>
    public static Gate64ConfigResult Parse(string text, string path)
    {
        DocumentSyntax document = SyntaxParser.Parse(text, path, true);
        if (document.HasErrors)
        {
            // One error per line: after a mistake the parser stumbles over the rest of its line.
            return new Gate64ConfigResult(null, [.. document.Diagnostics
                .Where(diagnostic => diagnostic.Kind == DiagnosticMessageKind.Error)
                .GroupBy(diagnostic => diagnostic.Span.Start.Line)
                .Select(line => line.First())
                .Select(diagnostic => new ConfigError(path, diagnostic.Span.Start.Line + 1, diagnostic.Span.Start.Column + 1, "", $"TOML syntax: {diagnostic.Message}"))]);
        }
        TomlTable model;
        try
        {
            model = TomlSerializer.Deserialize<TomlTable>(text) ?? [];
        }
        catch (TomlException exception)
        {
            return new Gate64ConfigResult(null, [new ConfigError(path, 0, null, "", $"TOML: {exception.Message}")]);
        }

        ConfigErrorCollector errors = new(path, new TomlLineIndex(document));
        Gate64Config config = Read(model, path, errors);
        IReadOnlyList<ConfigError> found = [.. errors.Errors.OrderBy(error => error.Line)];
        return new Gate64ConfigResult(config, found);
    }

    private static Gate64Config Read(TomlTable model, string path, ConfigErrorCollector errors)
    {
        foreach ((string key, object? value) in model)
        {
            if (!s_sections.Contains(key, StringComparer.Ordinal))
            {
                string? near = s_sections.FirstOrDefault(section => EditDistance.IsNear(key, section));
                string what = value is TomlTable ? "unknown section" : "a key outside any section";
                errors.Add(key, near is null
                    ? $"{what}; the sections are {string.Join(", ", s_sections.Select(section => $"[{section}]"))}."
                    : $"{what}; did you mean [{near}]?");
            }
            else if (value is not TomlTable)
            {
                errors.Add(key, $"expected the table [{key}], found {TomlSection.Describe(value)}.");
            }
        }
        TomlSection? Section(string name, IReadOnlyList<string> keys) =>
            model.TryGetValue(name, out object? value) && value is TomlTable table ? new TomlSection(name, table, keys, errors) : null;

        TomlSection? nat64Section = Section(Nat64Section.Name, Nat64Section.Keys);
        Nat64Prefix nat64Prefix = Nat64Prefix.WellKnown;
        Action<Nat64.Nat64Options>? nat64 = nat64Section is null ? null : Nat64Section.Read(nat64Section, out nat64Prefix);

        TomlSection? dns64Section = Section(Dns64Section.Name, Dns64Section.Keys);
        Action<Dns64.Dns64Options>? dns64 = dns64Section is null ? null : Dns64Section.Read(dns64Section, nat64Prefix);
        if (dns64 is not null && nat64 is null)
        {
            Dns64.Dns64Options built = new();
            dns64(built);
            nat64Prefix = built.Prefix;   // the ingress refuses backends inside the prefix DNS64 points into
        }

        TomlSection? resolverSection = Section(ResolverSection.Name, ResolverSection.Keys);
        Action<DnsResolverOptions>? resolver = resolverSection is null ? null : ResolverSection.Read(resolverSection);

        TomlSection? ingressSection = Section(IngressSection.Name, IngressSection.Keys);
        IPEndPoint? ingressUpstream = null;
        Action<IngressOptions>? ingress = ingressSection is null ? null : IngressSection.Read(ingressSection, nat64Prefix.Prefix, out ingressUpstream);

        TomlSection? bgpSection = Section(BgpSection.Name, BgpSection.Keys);
        bool announceServices = false;
        Action<Bgp.BgpOptions>? bgp = bgpSection is null ? null : BgpSection.Read(bgpSection, out announceServices);
        if (bgp is not null && announceServices)
        {
            bgp = ServicePrefixes.Gate(bgp, nat64, ingress);
        }

        TomlSection? metricsSection = Section(MetricsSection.Name, MetricsSection.Keys);
        IPEndPoint? metrics = metricsSection is null ? null : MetricsSection.Read(metricsSection);

        if (nat64 is null && dns64 is null && ingress is null && bgp is null)
        {
            errors.Add("", "no service is configured: add at least one of the tables [dns64], [ingress], [nat64], [bgp].");
        }
        if (resolver is null && dns64 is not null)
        {
            errors.Add(Dns64Section.Name, "DNS64 forwards to the recursive resolvers of [resolver]: add [resolver] with upstream = [\"ADDR:PORT\", ...].");
        }
        if (resolver is null && ingress is not null && ingressUpstream is null)
        {
            errors.Add(IngressSection.Name, "the ingress looks up AAAA records through [resolver] upstream: add [resolver], or give the ingress its own resolver = \"ADDR:PORT\".");
        }

        // The ingress wants a new AAAA record to work at once, so the resolver it asks keeps "no AAAA" briefly.
        TimeSpan ingressNegativeTtl = new IngressOptions().NegativeCacheTtl;
        bool ingressAsksShared = ingress is not null && ingressUpstream is null;
        return new Gate64Config(path)
        {
            Nat64 = nat64,
            Dns64 = dns64,
            Ingress = ingress,
            Bgp = bgp,
            MetricsListen = metrics,
            Resolver = resolver is null ? null : options =>
            {
                resolver(options);
                if (ingressAsksShared)
                {
                    options.MaxNegativeTtl = ingressNegativeTtl < options.MaxNegativeTtl ? ingressNegativeTtl : options.MaxNegativeTtl;
                }
            },
            IngressResolver = ingressUpstream is null ? null : options =>
            {
                resolver?.Invoke(options);
                options.Upstreams.Clear();
                options.Upstreams.Add(ingressUpstream);
                options.MaxNegativeTtl = ingressNegativeTtl;
            },
        };
    }
}
