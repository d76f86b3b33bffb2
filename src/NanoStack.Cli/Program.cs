using System;
using System.CommandLine;

namespace NanoStack.Cli
{
    /// <summary>The <c>nanostack</c> command.</summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            var root = new RootCommand("NanoStack: a TCP/IP stack and TLS 1.2 client for nanoFramework, with host boards.");

            var demo = new Command("demo", "Run the main job on the emulator board: join Wi-Fi, DHCP, DNS, TCP, TLS 1.2, HTTPS GET.");
            demo.SetAction(_ => Demo.Run(Console.Out));
            root.Subcommands.Add(demo);

            var limits = new Command("limits", "Print the buffer budget the stack allocates at start-up with the default limits.");
            limits.SetAction(_ => Demo.PrintLimits(Console.Out, new StackLimits()));
            root.Subcommands.Add(limits);

            return root.Parse(args).Invoke();
        }
    }
}
