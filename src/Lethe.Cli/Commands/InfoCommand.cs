using System.CommandLine;
using TorchSharp;

namespace Lethe.Cli.Commands;

/// <summary>`lethe info`: versions, threads and whether libtorch loads — the first thing to run on a new machine.</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var cmd = new Command("info", "Show versions, threads and CPU features, and check that libtorch loads");
        cmd.SetAction(_ =>
        {
            NativeTorch.EnsureLoaded();
            Console.WriteLine($"lethe          {typeof(LetheException).Assembly.GetName().Version}");
            Console.WriteLine($".NET           {Environment.Version}");
            Console.WriteLine($"TorchSharp     {typeof(torch).Assembly.GetName().Version}");
            Console.WriteLine($"torch threads  {torch.get_num_threads()}");
            Console.WriteLine($"cores          {Environment.ProcessorCount}");
            Console.WriteLine($"CPU bf16       {Lethe.Models.CpuFeatures.HasAvx512Bf16}");
            return 0;
        });
        return cmd;
    }
}
