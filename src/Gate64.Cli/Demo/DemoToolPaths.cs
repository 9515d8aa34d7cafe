namespace Gate64.Cli.Demo;

/// <summary>The resolved paths of the programs the demo runs (<see cref="DemoTool.All"/>), and of gate64 itself.</summary>
internal sealed class DemoToolPaths
{
    private readonly IReadOnlyDictionary<string, string> _paths;

    public DemoToolPaths(IReadOnlyDictionary<string, string> paths, SelfExecutable gate64)
    {
        _paths = paths;
        Gate64 = gate64;
    }

    public SelfExecutable Gate64 { get; }

    public string Ip => this["ip"];

    public string Sysctl => this["sysctl"];

    public string Bird => this["bird"];

    public string Birdc => this["birdc"];

    public string Unbound => this["unbound"];

    public string Python => this["python3"];

    public string Curl => this["curl"];

    public string Dig => this["dig"];

    private string this[string name] =>
        _paths.TryGetValue(name, out string? path) ? path : throw new InvalidOperationException($"{name} was not looked up");
}
