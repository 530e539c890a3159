import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.dataset.FineTuningFileBuilder;

/**
 * Writes a chat fine-tuning file of N examples for the validate/stats benchmark: the built-in
 * corpus rendered again and again with other seeded names, classes and subjects, through the same
 * builder `intervensi dataset build` uses. The data is generated on every run, never committed.
 *
 * <pre>
 * java -cp "cli/target/intervensi.jar:cli/target/lib/*" bench/dataset/GenerateFineTuningFile.java OUT.jsonl 100000 [finetuned|base]
 * </pre>
 */
public class GenerateFineTuningFile {

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: GenerateFineTuningFile OUT.jsonl COUNT [finetuned|base]");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    PromptProfile profile = args.length > 2 && args[2].equals("base") ? PromptProfile.base("gpt-3.5-turbo") : PromptProfile.fineTuned("gpt-3.5-turbo");
    FineTuningFileBuilder builder = new FineTuningFileBuilder(profile).seed(2024);
    List<Exemplar> exemplars = ExemplarCorpus.builtIn().exemplars();
    Files.createDirectories(out.toAbsolutePath().getParent());
    int written = 0;
    try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      for (int rendering = 1; written < count; rendering++) {
        for (Exemplar exemplar : exemplars) {
          if (written == count) {
            break;
          }
          writer.write(FineTuningFileBuilder.jsonLine(builder.messages(exemplar, rendering)));
          writer.write('\n');
          written++;
        }
      }
    }
    System.out.println("wrote " + written + " examples (" + profile.name() + " profile, " + Files.size(out) + " bytes) to " + out);
  }
}
