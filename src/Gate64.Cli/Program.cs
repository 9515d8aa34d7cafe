using Gate64.Cli;
using Gate64.Cli.Commands;

InlineSocketCompletions.EnableUnlessConfigured();
return await GateCommandLine.InvokeAsync(args);
