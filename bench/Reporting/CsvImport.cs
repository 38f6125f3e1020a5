using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using BenchmarkDotNet.Running;
using Microsoft.VisualBasic.FileIO;

namespace Padata.Bench.Reporting;

/// <summary>
/// Converts results that BenchmarkDotNet's CSV exporter wrote (the project's export before it
/// switched to the full JSON exporter) into the full JSON exporter's layout, so that runs measured
/// then are read by the same <see cref="ResultsReader"/>. The CSV carries statistics only: the
/// converted cases have a median, mean, minimum and standard deviation and no per-iteration
/// measurements, and each file says where it came from (<c>ConvertedFrom</c>). A CSV row is matched
/// to its benchmark method through BenchmarkDotNet's own description of the class
/// (<see cref="BenchmarkConverter"/>), never by a display string written here.
/// </summary>
internal static class CsvImport
{
    // Relaxed escaping: the files are read by people too, and BenchmarkDotNet quotes titles with apostrophes.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Converts <c>&lt;class&gt;-report.csv</c> of every reported class in <paramref name="csvDirectory"/>;
    /// <paramref name="started"/> (<see cref="ResultsReader.TitleTime"/>, UTC) is when that run
    /// started, which the CSV does not record: it goes into the title as BenchmarkDotNet puts it there.
    /// </summary>
    public static int Run(string csvDirectory, string jsonDirectory, string started, TextWriter output)
    {
        if (!DateTime.TryParseExact(started, ResultsReader.TitleTime, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            output.WriteLine($"import-csv: the run's start '{started}' is not {ResultsReader.TitleTime}");
            return 2;
        }
        Directory.CreateDirectory(jsonDirectory);
        foreach (Type benchmarks in ReportedBenchmarks.Classes)
        {
            string csv = Path.Combine(csvDirectory, benchmarks.FullName + "-report.csv");
            if (!File.Exists(csv))
            {
                output.WriteLine($"import-csv: {csv} is missing");
                return 2;
            }
            string json = ResultsReader.PathFor(jsonDirectory, benchmarks);
            File.WriteAllText(json, JsonSerializer.Serialize(Convert(csv, benchmarks, started), Indented));
            output.WriteLine($"import-csv: {csv} -> {json}");
        }
        return 0;
    }

    private static object Convert(string csv, Type benchmarks, string started)
    {
        // BenchmarkDotNet's display text of each method (what its CSV puts in the Method column) to the method.
        Dictionary<string, string> methodByDisplay = BenchmarkConverter.TypeToBenchmarks(benchmarks).BenchmarksCases
            .Select(c => c.Descriptor)
            .DistinctBy(d => d.WorkloadMethod.Name)
            .ToDictionary(d => d.WorkloadMethodDisplayInfo, d => d.WorkloadMethod.Name);
        var cases = new List<object>();
        using var parser = new TextFieldParser(csv) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        string[] header = parser.ReadFields() ?? throw new InvalidDataException($"{csv}: empty");
        int Column(string name) =>
            Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{csv}: no column '{name}'");
        int workers = Array.IndexOf(header, ResultSet.WorkersParameter);
        while (parser.ReadFields() is string[] row)
        {
            string display = row[Column("Method")];
            string method = methodByDisplay.TryGetValue(display, out string? m)
                ? m
                : throw new InvalidDataException($"{csv}: '{display}' is not a benchmark of {benchmarks.Name}");
            cases.Add(new
            {
                benchmarks.Namespace,
                Type = benchmarks.Name,
                Method = method,
                MethodTitle = display,
                Parameters = workers < 0 ? "" : $"{ResultSet.WorkersParameter}={row[workers]}",
                Statistics = new
                {
                    Median = Number(row[Column("Median [ns]")], csv),
                    Mean = Number(row[Column("Mean [ns]")], csv),
                    Min = Number(row[Column("Min [ns]")], csv),
                    StandardDeviation = Number(row[Column("StdDev [ns]")], csv),
                },
                Measurements = Array.Empty<object>(),
            });
        }
        return new
        {
            Title = $"{benchmarks.FullName}-{started}",
            ConvertedFrom = $"{Path.GetFileName(csv)} (BenchmarkDotNet's CSV export: statistics only, no per-iteration measurements)",
            Benchmarks = cases,
        };
    }

    private static double Number(string cell, string csv) =>
        double.TryParse(cell, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double value)
            ? value
            : throw new InvalidDataException($"{csv}: '{cell}' is not a number (a benchmark that failed leaves NA)");
}
