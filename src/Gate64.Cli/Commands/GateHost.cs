using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gate64.Cli.Commands;

/// <summary>Composes one Generic Host around the services a command asks for, runs it, and turns failures into exit codes.</summary>
internal static class GateHost
{
    public static async Task<int> RunAsync(Action<IServiceCollection> addServices, CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fff ";
            options.UseUtcTimestamp = true;
        });
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));
        addServices(builder.Services);

        // Not RunAsync: it disposes the host, and the services must still be asked how they ended.
        using IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"gate64: {exception.Message}").ConfigureAwait(false);
            return 1;
        }
        // .NET 10's host returns normally when a service faulted; the exit code must still say so.
        foreach (IHostedService service in host.Services.GetServices<IHostedService>())
        {
            if (service is BackgroundService { ExecuteTask.IsFaulted: true } failed)
            {
                await Console.Error.WriteLineAsync($"gate64: {failed.GetType().Name} failed: {failed.ExecuteTask.Exception?.GetBaseException().Message}").ConfigureAwait(false);
                return 1;
            }
        }
        return 0;
    }
}
