using Gate64.Cli.Commands;

return await GateCommandLine.InvokeAsync(args);
