using System.Globalization;
using System.Text;
using Hamr.Tensors.Io;

namespace Hamr.Model.Training;

/// <summary>
/// An append-only CSV log keyed by step (first column). Opening it for a run that resumes at step k keeps the rows up
/// to k and drops the later ones (they belong to the part of the interrupted run that the checkpoint does not hold),
/// so the log reads as one uninterrupted run. A log written with other columns (an older version) keeps its rows,
/// rearranged by column name, with empty cells for new columns. Each row is flushed as it is written.
/// </summary>
internal sealed class CsvLog
{
    private readonly string _path;

    public CsvLog(string path, IReadOnlyList<string> columns, long resumeStep)
    {
        _path = path;
        string header = string.Join(",", columns);
        var kept = new List<string> { header };
        if (File.Exists(path))
        {
            var lines = File.ReadAllLines(path);
            var old = lines.Length > 0 ? lines[0].Split(',') : [];
            if (old.Length > 0 && old[0] == columns[0])
            {
                // Where each new column's value sits in an old row (−1: not there).
                var source = columns.Select(c => Array.IndexOf(old, c)).ToArray();
                foreach (var line in lines.Skip(1))
                {
                    var cells = line.Split(',');
                    if (cells.Length == old.Length && long.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out long step) && step <= resumeStep)
                    {
                        kept.Add(string.Join(",", source.Select(i => i >= 0 ? cells[i] : "")));
                    }
                }
            }
        }
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(string.Join("\n", kept) + "\n"));
    }

    public void Append(long step, IReadOnlyList<double> values)
    {
        var sb = new StringBuilder();
        sb.Append(step.ToString(CultureInfo.InvariantCulture));
        foreach (var v in values)
        {
            sb.Append(',').Append(v.ToString("G7", CultureInfo.InvariantCulture));
        }
        sb.Append('\n');
        File.AppendAllText(_path, sb.ToString());
    }
}
