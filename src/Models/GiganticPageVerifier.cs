namespace Padata.Models;

/// <summary>
/// Checks a cleared <see cref="GiganticPage"/>: every byte of the page is zero, and every byte of
/// the guard regions before and after it still holds what construction put there
/// (<see cref="GiganticPage.GuardByte"/>).
/// </summary>
public static class GiganticPageVerifier
{
    public const int MaxListed = 20;

    public static VerificationReport Verify(GiganticPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var report = new VerificationReport.Builder(MaxListed);
        int subpageSize = page.Geometry.SubpageSize;
        for (ulong s = 0; s < (ulong)page.Geometry.Subpages; s++)
        {
            int at = page.Subpage(s).IndexOfAnyExcept((byte)0);
            if (at >= 0)
                report.Add($"subpage {s} is not cleared: byte {at} (page offset {(long)s * subpageSize + at}) is 0x{page.Subpage(s)[at]:X2}");
        }
        CheckGuard(report, "before", page.GuardBefore, 0);
        CheckGuard(report, "after", page.GuardAfter, page.GuardBytes);
        return report.Build((ulong)page.Geometry.Subpages);
    }

    private static void CheckGuard(VerificationReport.Builder report, string where, ReadOnlySpan<byte> guard, int first)
    {
        for (int i = 0; i < guard.Length; i++)
            if (guard[i] != GiganticPage.GuardByte(first + i))
            {
                report.Add($"the guard region {where} the page was written: its byte {i} is 0x{guard[i]:X2}, expected 0x{GiganticPage.GuardByte(first + i):X2}");
                return;
            }
    }
}
