using System.Diagnostics;
using Xunit.Abstractions;

namespace Padata.Systematic;

/// <summary>
/// A fact that needs Debian's Chromium (<c>/usr/bin/chromium</c>) and is reported as skipped,
/// saying how to install it, where it is absent (CI machines: .ci/run does not install it).
/// </summary>
public sealed class RequiresChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public RequiresChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
            Skip = $"needs headless Chromium at {Chromium}, which is not installed (apt-get install -y chromium to run it)";
    }
}

/// <summary>A real browser draws the timeline page of a known-bad engine's failing schedule: not blank, the failure in red, chunk bars in colour.</summary>
[Collection(KnownBadBuilds.Name)]
public class BrowserTests(ITestOutputHelper output)
{
    [RequiresChromiumFact]
    public void Headless_Chromium_draws_a_failing_schedules_timeline_page_with_the_failure_and_the_chunk_bars()
    {
        KnownBadVariant variant = KnownBadVariants.All.Single(v => v.Name == "first-finisher-signals");
        var (harness, request) = Controlled.ForVariant(variant);
        ExplorationResult caught = harness.Check(request, TextWriter.Null).First(r => r.Failure is not null);
        ReplayOutcome replay = harness.Replay(caught.ScheduleFile!);
        Assert.True(replay.Reproduced);

        string directory = Path.Combine(Controlled.RepositoryRoot, "artifacts", "timeline");
        Directory.CreateDirectory(directory);
        string page = Path.Combine(directory, $"{variant.Name}.html");
        string screenshot = Path.Combine(directory, $"{variant.Name}.png");
        File.WriteAllText(page, TimelinePage.Render(replay.Timeline!));
        File.Delete(screenshot);

        string profile = Directory.CreateTempSubdirectory("padata-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(RequiresChromiumFactAttribute.Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={profile}",
                                           "--window-size=1400,1000", $"--screenshot={screenshot}", new Uri(page).AbsoluteUri })
                start.ArgumentList.Add(arg);
            using Process chromium = Process.Start(start)!;
            Task<string> stderr = chromium.StandardError.ReadToEndAsync();
            Task<string> stdout = chromium.StandardOutput.ReadToEndAsync();
            if (!chromium.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                chromium.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish the screenshot of {page} within 90 s.");
            }
            output.WriteLine(stdout.Result + stderr.Result);
            Assert.True(File.Exists(screenshot), $"Chromium exited {chromium.ExitCode} without writing {screenshot}: {stderr.Result}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }

        PngImage image = PngImage.Load(screenshot);
        var pixels = image.Pixels().ToList();
        int drawn = pixels.Count(p => p.R < 235 || p.G < 235 || p.B < 235);
        int red = pixels.Count(p => p.R > 170 && p.G < 90 && p.B < 90);
        int bars = pixels.Count(p => Math.Abs(p.R - 0x4e) < 30 && Math.Abs(p.G - 0x79) < 30 && Math.Abs(p.B - 0xa7) < 30);
        output.WriteLine($"{screenshot}: {image.Width}x{image.Height}, {drawn} drawn pixels, {red} red, {bars} in the first job's colour");
        Assert.True(drawn > pixels.Count / 50, $"the screenshot is nearly blank: {drawn} of {pixels.Count} pixels drawn");
        Assert.True(red > 200, $"the failure is not drawn in red: {red} red pixels");
        Assert.True(bars > 30, $"no chunk bars in the first job's colour: {bars} pixels");
    }
}
