using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Gate64.Bgp;

/// <summary>What one round of health results did to one service's gate, for the log.</summary>
/// <param name="Service">The health check's name.</param>
/// <param name="Status">The status it reported this round.</param>
/// <param name="Description">Its description or error, if any.</param>
/// <param name="Failures">Results in a row that were not healthy (0 after a healthy one).</param>
/// <param name="Opened">True when the gate opened, false when it closed; null when it stayed as it was.</param>
internal sealed record ServiceGateChange(string Service, HealthStatus Status, string? Description, int Failures, bool? Opened);
