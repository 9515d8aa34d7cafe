using Gate64.Cli;
using Gate64.Cli.Commands;

SocketEventThreads.ConfigureUnlessSet();
return await GateCommandLine.InvokeAsync(args);
