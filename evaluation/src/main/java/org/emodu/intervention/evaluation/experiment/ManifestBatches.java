package org.emodu.intervention.evaluation.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.emodu.intervention.core.openai.BatchRecord;
import org.emodu.intervention.core.openai.ChatBatch;

/**
 * One profile's batches, kept in the experiment's manifest: each record is written there (atomically)
 * before the run goes on, so a restart in the same directory follows the batches already created.
 */
final class ManifestBatches implements ChatBatch.Journal {

  private final Path directory;
  private final String profile;

  ManifestBatches(Path directory, String profile) {
    this.directory = directory;
    this.profile = profile;
  }

  @Override
  public synchronized Optional<BatchRecord> find(String inputSha256) {
    List<BatchRecord> all = records();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).inputSha256().equals(inputSha256)) {
        return Optional.of(all.get(i));
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized void record(BatchRecord record) {
    ExperimentManifest.read(directory).withBatch(profile, record).write(directory);
  }

  @Override
  public synchronized Set<String> collectedBatches() {
    return records().stream().filter(BatchRecord::collected).map(BatchRecord::batchId).collect(Collectors.toSet());
  }

  /** The batches created but not yet collected, oldest first: a run that stopped while they ran. */
  synchronized List<BatchRecord> open() {
    return records().stream().filter(record -> record.created() && !record.collected()).toList();
  }

  private List<BatchRecord> records() {
    return ExperimentManifest.read(directory).batches().stream()
        .filter(batch -> batch.profile().equals(profile))
        .map(ExperimentManifest.ProfileBatch::batch)
        .toList();
  }
}
