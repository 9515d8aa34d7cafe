using Gate64.Cli.Commands;

return await GateCommandLine.Create().Parse(args).InvokeAsync();
