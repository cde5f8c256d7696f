using VideoGen.Cli;

return await CliApp.RunAsync(args, CliEnvironment.FromProcess()).ConfigureAwait(false);
