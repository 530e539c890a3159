package org.emodu.intervention.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.dataset.CorpusFiles;
import org.emodu.intervention.dataset.CsvImport;
import org.emodu.intervention.dataset.CsvImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code intervensi dataset import}: a CSV of expert examples into an exemplar corpus. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
        "Imports a CSV of expert examples into an exemplar corpus.",
        "The CSV is a spreadsheet saved as CSV, UTF-8, with a header row."
            + " Columns are found by their usual English or Indonesian names (emotion/emosi, reinforcement/penguatan,"
            + " arcs/strategi, text/teks/kalimat, optionally id, source_id, origin); --map names any other column."
            + " Rows that cannot be read are listed by row and line number; nothing is written unless --skip-bad-rows."},
    footer = {"", "Example:", "  intervensi dataset import docs/examples/experts.csv -o data/expert.jsonl --skip-bad-rows"})
final class DatasetImportCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CSV", description = "The CSV file, UTF-8, with a header row.")
  private Path csv;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The exemplar corpus to write (JSON Lines).")
  private Path output;

  @Option(names = "--map", paramLabel = "FIELD=COLUMN",
      description = "Reads FIELD (id, emotion, reinforcement, arcs, text, source_id, origin) from COLUMN. Repeatable.")
  private Map<String, String> mapping = new java.util.LinkedHashMap<>();

  @Option(names = "--delimiter", paramLabel = "CHAR", description = "The field delimiter, e.g. ';' or 'tab'. Default: detected from the header.")
  private String delimiter;

  @Option(names = "--id-prefix", paramLabel = "PREFIX", defaultValue = "expert",
      description = "Ids for rows without one are PREFIX-ROW (default: ${DEFAULT-VALUE}).")
  private String idPrefix;

  @Option(names = "--origin", paramLabel = "ORIGIN", defaultValue = "expert", description = "Origin of rows that name none (default: ${DEFAULT-VALUE}).")
  private String origin;

  @Option(names = "--skip-bad-rows", description = "Write the rows that could be read even when others could not.")
  private boolean skipBadRows;

  @Option(names = "--force", description = "Replace the output if it exists.")
  private boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    OutputFiles.checkDistinct(List.of(csv), List.of(output));
    OutputFiles.checkWritable(output, force);
    CsvImporter importer = new CsvImporter().idPrefix(idPrefix).origin(origin);
    mapping.forEach(importer::map);
    if (delimiter != null) {
      importer.delimiter(parseDelimiter(delimiter));
    }
    CsvImport result = importer.read(csv);
    result.problems().forEach(problem -> DatasetCommand.notice(err, csv.getFileName() + ": " + problem));
    if (!result.complete() && !skipBadRows) {
      DatasetCommand.notice(err, result.problems().size() + " row(s) could not be read; fix them, or give --skip-bad-rows to import the "
          + result.exemplars().size() + " that could; nothing was written");
      return ExitCodes.FAILED;
    }
    if (result.exemplars().isEmpty()) {
      DatasetCommand.notice(err, "no row could be read; nothing was written");
      return ExitCodes.FAILED;
    }
    CorpusFiles.write(output, result.exemplars(), force);
    out.println("imported " + result.exemplars().size() + " exemplar(s) into " + output
        + (result.complete() ? "" : "; skipped " + result.problems().size() + " row(s)"));
    return ExitCodes.OK;
  }

  private static char parseDelimiter(String text) {
    return switch (text) {
      case "tab", "\\t", "\t" -> '\t';
      case "comma" -> ',';
      case "semicolon" -> ';';
      default -> {
        if (text.length() != 1) {
          throw new IllegalArgumentException("--delimiter must be one character, tab, comma or semicolon, got '" + text + "'");
        }
        yield text.charAt(0);
      }
    };
  }
}
