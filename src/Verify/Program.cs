using System.CommandLine;
using Padata.Verify;

var root = new RootCommand("padata-verify: the Linux kernel's padata multithreaded jobs in C#, run natively and checked systematically.")
{
    NativeRunCommand.Create(),
};
return root.Parse(args).Invoke();
