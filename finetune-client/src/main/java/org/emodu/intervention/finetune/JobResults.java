package org.emodu.intervention.finetune;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.OpenAIIoException;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListPage;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.tools.OutputExistsException;

/**
 * What a job of {@link FineTuneClient} leaves behind: its checkpoints, and its result files, read
 * back as training metrics and written to disk.
 */
final class JobResults {

  private final OpenAIClient client;
  private final ApiCalls calls;
  private final Jobs jobs;
  private final int pageSize;

  JobResults(OpenAIClient client, ApiCalls calls, Jobs jobs, int pageSize) {
    this.client = client;
    this.calls = calls;
    this.jobs = jobs;
    this.pageSize = pageSize;
  }

  /** See {@link FineTuneClient#checkpoints}. */
  List<Checkpoint> checkpoints(String jobId) {
    List<Checkpoint> checkpoints = new ArrayList<>();
    CheckpointListParams params = CheckpointListParams.builder().limit(pageSize).build();
    CheckpointListPage page = calls.read("list the checkpoints of " + jobId,
        () -> client.fineTuning().jobs().checkpoints().list(jobId, params));
    while (true) {
      page.data().forEach(checkpoint -> checkpoints.add(Checkpoint.of(checkpoint)));
      if (page.data().isEmpty() || !page.hasMore().orElse(false)) {
        break;
      }
      CheckpointListPage current = page;
      page = calls.read("list the checkpoints of " + jobId, current::nextPage);
    }
    checkpoints.sort(Comparator.comparingLong(Checkpoint::step));
    return List.copyOf(checkpoints);
  }

  /** See {@link FineTuneClient#metrics}. */
  MetricsReport metrics(String jobId, Path directory, boolean replace) {
    JobSnapshot job = jobs.status(jobId);
    if (job.resultFiles().isEmpty()) {
      throw new FineTuneException("job " + jobId + (job.status().terminal()
          ? " " + Jobs.pastTense(job.status()) + " without result files"
          : " has no result files yet (it is " + job.statusLabel() + "); run this again once it has succeeded"));
    }
    Path tidyFile = directory.resolve(jobId + "-metrics.csv");
    List<Path> rawFiles = job.resultFiles().stream().map(id -> directory.resolve(id + ".csv")).toList();
    if (!replace) {
      for (Path target : concat(rawFiles, tidyFile)) {
        if (Files.exists(target)) {
          throw new OutputExistsException(target);
        }
      }
    }
    List<List<MetricsRow>> parsed = new ArrayList<>();
    for (int i = 0; i < rawFiles.size(); i++) {
      String fileId = job.resultFiles().get(i);
      String source = "result file " + fileId;
      byte[] csv = MetricsCsv.csv(source, download(fileId, source));
      parsed.add(MetricsCsv.parse(source, csv));
      OutputFiles.write(rawFiles.get(i), replace, csv);
    }
    List<MetricsRow> rows = MetricsCsv.merge(parsed);
    OutputFiles.write(tidyFile, replace, MetricsCsv.tidy(jobId, rows).getBytes(StandardCharsets.UTF_8));
    return new MetricsReport(jobId, rawFiles, tidyFile, rows);
  }

  /** A result file's bytes, at most {@link MetricsCsv#MAX_BYTES}: a server cannot make this hold more. */
  private byte[] download(String fileId, String source) {
    return calls.read("download the result file " + fileId, () -> {
      try (HttpResponse response = client.files().content(fileId); InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MetricsCsv.MAX_BYTES + 1);
        if (bytes.length > MetricsCsv.MAX_BYTES) {
          throw MetricsCsv.tooLarge(source);
        }
        return bytes;
      } catch (IOException e) {
        throw new OpenAIIoException("reading the result file failed", e);
      }
    });
  }

  private static List<Path> concat(List<Path> paths, Path last) {
    List<Path> all = new ArrayList<>(paths);
    all.add(last);
    return all;
  }
}
