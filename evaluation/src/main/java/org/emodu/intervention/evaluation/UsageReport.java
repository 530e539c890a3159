package org.emodu.intervention.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.emodu.intervention.core.internal.OutputFiles;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;

/**
 * Token usage and cost from interaction logs, one {@link UsageGroup} per generator and model, in
 * order of generator, then model: the figures a study compares a base model with its fine-tune on.
 *
 * @param groups one group per generator and model
 * @param records how many log records were read, failures included
 */
public record UsageReport(List<UsageGroup> groups, long records) {

  /** The CSV header {@link #writeCsv} writes: one row per group and metric. */
  public static final List<String> CSV_COLUMNS;

  static {
    List<String> columns = new ArrayList<>(List.of("generator", "model", "metric"));
    columns.addAll(DescriptiveSummary.COLUMNS);
    columns.addAll(List.of("failures", "fallbacks"));
    CSV_COLUMNS = List.copyOf(columns);
  }

  public UsageReport {
    groups = List.copyOf(groups);
    if (records < 0) {
      throw new IllegalArgumentException("records cannot be negative: " + records);
    }
  }

  /** Reads interaction logs (the core's JSON Lines) and analyses them together. */
  public static UsageReport read(List<Path> logs, PriceTable prices) {
    if (logs.isEmpty()) {
      throw new IllegalArgumentException("no interaction log was given to analyse");
    }
    List<InteractionRecord> records = new ArrayList<>();
    for (Path log : logs) {
      records.addAll(InteractionLog.read(log));
    }
    return of(records, prices);
  }

  /** Analyses interaction records. */
  public static UsageReport of(Collection<InteractionRecord> records, PriceTable prices) {
    Objects.requireNonNull(prices, "prices");
    Map<List<String>, List<InteractionRecord>> byGroup = new TreeMap<>(
        Comparator.<List<String>, String>comparing(key -> key.get(0)).thenComparing(key -> key.get(1)));
    for (InteractionRecord record : records) {
      byGroup.computeIfAbsent(List.of(record.generator(), record.model()), key -> new ArrayList<>()).add(record);
    }
    List<UsageGroup> groups = new ArrayList<>();
    byGroup.forEach((key, members) -> groups.add(group(key.get(0), key.get(1), members, prices)));
    return new UsageReport(groups, records.size());
  }

  private static UsageGroup group(String generator, String model, List<InteractionRecord> members, PriceTable prices) {
    List<InteractionRecord> answered = members.stream().filter(InteractionRecord::succeeded).toList();
    long[] prompt = answered.stream().mapToLong(record -> record.usage().prompt()).toArray();
    long[] completion = answered.stream().mapToLong(record -> record.usage().completion()).toArray();
    long[] total = answered.stream().mapToLong(record -> record.usage().total()).toArray();
    long[] latency = answered.stream().mapToLong(InteractionRecord::latencyMs).toArray();
    Optional<DescriptiveSummary> cost = prices.pricesFor(model).map(price ->
        DescriptiveSummary.of(answered.stream().mapToDouble(record -> price.cost(record.usage())).toArray()));
    long fallbacks = answered.stream().filter(InteractionRecord::fallback).count();
    return new UsageGroup(generator, model, members.size() - answered.size(), fallbacks, DescriptiveSummary.of(prompt),
        DescriptiveSummary.of(completion), DescriptiveSummary.of(total), DescriptiveSummary.of(latency), cost);
  }

  /**
   * Writes one CSV row per group and metric under the header {@link #CSV_COLUMNS}, atomically;
   * undefined figures (the standard deviation of one call) are left empty.
   *
   * @throws java.io.UncheckedIOException wrapping {@link java.nio.file.FileAlreadyExistsException}
   *     when the file exists and {@code replaceExisting} is false, or the failure to write
   */
  public void writeCsv(Path file, boolean replaceExisting) {
    OutputFiles.write(file, replaceExisting, writer -> {
      writer.write(Csv.row(CSV_COLUMNS));
      for (UsageGroup group : groups) {
        for (Map.Entry<String, DescriptiveSummary> metric : group.metrics().entrySet()) {
          List<String> row = new ArrayList<>(List.of(group.generator(), group.model(), metric.getKey()));
          DescriptiveSummary summary = metric.getValue();
          row.add(Long.toString(summary.count()));
          summary.values().subList(1, DescriptiveSummary.COLUMNS.size()).forEach(value -> row.add(Csv.number(value)));
          row.add(Long.toString(group.failures()));
          row.add(Long.toString(group.fallbacks()));
          writer.write(Csv.row(row));
        }
      }
    });
  }
}
