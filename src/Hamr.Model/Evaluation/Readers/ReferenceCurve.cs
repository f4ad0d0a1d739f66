using System.Globalization;

namespace Hamr.Model.Evaluation.Readers;

/// <summary>
/// Another method's 3D PCK curve, drawn beside ours. Read from a CSV file: one "threshold_mm,pck" pair a line, the
/// threshold in mm (strictly ascending) and the PCK as a fraction in [0, 1]; an optional header line
/// "threshold_mm,pck", blank lines and lines starting with '#' are skipped. At least two points.
/// </summary>
public sealed record ReferenceCurve(string Name, PckCurve Curve)
{
    /// <summary>Lines beyond this are refused (a curve needs a few hundred at most).</summary>
    public const int MaxPoints = 100_000;

    /// <summary>Reads the curve <paramref name="name"/> from the CSV file at <paramref name="path"/>.</summary>
    public static ReferenceCurve Read(string name, string path)
    {
        if (!File.Exists(path))
        {
            throw new EvalFormatException(path, $"reference curve '{name}': file not found");
        }

        using var reader = new StreamReader(path);
        return Parse(name, reader, path);
    }

    /// <summary>Parses CSV text (see the type's summary); <paramref name="sourceName"/> names it in errors.</summary>
    public static ReferenceCurve Parse(string name, TextReader reader, string sourceName)
    {
        var thresholds = new List<double>();
        var values = new List<double>();
        int lineNumber = 0;
        bool first = true;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            string text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            bool header = first && text.Replace(" ", "", StringComparison.Ordinal).Equals("threshold_mm,pck", StringComparison.OrdinalIgnoreCase);
            first = false;
            if (header)
            {
                continue;
            }

            var fields = text.Split(',');
            if (fields.Length != 2
                || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double t)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pck)
                || !double.IsFinite(t) || !double.IsFinite(pck))
            {
                throw new EvalFormatException(sourceName, $"expected \"threshold_mm,pck\" (two numbers), got \"{Shorten(text)}\"", lineNumber: lineNumber);
            }

            if (pck is < 0 or > 1)
            {
                throw new EvalFormatException(sourceName, $"pck must be a fraction in [0, 1], got {pck.ToString(CultureInfo.InvariantCulture)}", lineNumber: lineNumber);
            }

            if (thresholds.Count > 0 && t <= thresholds[^1])
            {
                throw new EvalFormatException(sourceName, $"thresholds must be strictly ascending; {t.ToString(CultureInfo.InvariantCulture)} follows {thresholds[^1].ToString(CultureInfo.InvariantCulture)}", lineNumber: lineNumber);
            }

            if (thresholds.Count == MaxPoints)
            {
                throw new EvalFormatException(sourceName, $"more than {MaxPoints} points", lineNumber: lineNumber);
            }

            thresholds.Add(t);
            values.Add(pck);
        }

        if (thresholds.Count < 2)
        {
            throw new EvalFormatException(sourceName, $"reference curve '{name}' needs at least two points, got {thresholds.Count}");
        }

        return new ReferenceCurve(name, new PckCurve(thresholds.ToArray(), values.ToArray()));
    }

    /// <summary>Writes <paramref name="curve"/> in the same CSV form (with the header), so our curve can be another run's reference.</summary>
    public static void Write(TextWriter writer, PckCurve curve)
    {
        writer.Write("threshold_mm,pck\n");
        for (int i = 0; i < curve.Thresholds.Length; i++)
        {
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{curve.Thresholds[i]:R},{curve.Values[i]:R}\n"));
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
