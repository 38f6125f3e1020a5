using Padata.Verify;

return Cli.Run(args);
