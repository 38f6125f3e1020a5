using System.CommandLine;
using Padata.Verify;

var root = new RootCommand("padata-verify: the Linux kernel's padata multithreaded jobs in C#, run natively and checked under Coyote's controlled scheduler.")
{
    ControlledCommands.Check(),
    ControlledCommands.Replay(),
    ControlledCommands.List(),
    NativeRunCommand.Create(),
    PageInitCommand.Create(),
    VfioPinCommand.Create(),
};
return root.Parse(args).Invoke();
