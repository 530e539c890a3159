package org.emodu.intervention.finetune;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What the manifest file holds: uploads by content hash, jobs by id, and the uploads and job
 * creations in flight (by content hash and by parameter fingerprint). Immutable; each change makes a
 * new value.
 */
record ManifestContent(
    int version,
    Map<String, UploadedFile> files,
    Map<String, JobRecord> jobs,
    Map<String, PendingUpload> pendingUploads,
    Map<String, PendingJob> pendingJobs) {

  static final int VERSION = 1;
  static final ManifestContent EMPTY = new ManifestContent(VERSION, Map.of(), Map.of(), Map.of(), Map.of());

  ManifestContent {
    files = Map.copyOf(Objects.requireNonNullElse(files, Map.of()));
    jobs = Map.copyOf(Objects.requireNonNullElse(jobs, Map.of()));
    pendingUploads = Map.copyOf(Objects.requireNonNullElse(pendingUploads, Map.of()));
    pendingJobs = Map.copyOf(Objects.requireNonNullElse(pendingJobs, Map.of()));
  }

  /** Records an upload as done, which ends its pending entry. */
  ManifestContent withFile(UploadedFile file) {
    return new ManifestContent(version, edited(files, map -> map.put(file.sha256(), file)), jobs,
        edited(pendingUploads, map -> map.remove(file.sha256())), pendingJobs);
  }

  ManifestContent withoutFile(String sha256) {
    return new ManifestContent(version, edited(files, map -> map.remove(sha256)), jobs, pendingUploads, pendingJobs);
  }

  ManifestContent withPendingUpload(PendingUpload pending) {
    return new ManifestContent(version, files, jobs, edited(pendingUploads, map -> map.put(pending.sha256(), pending)),
        pendingJobs);
  }

  ManifestContent withoutPendingUpload(String sha256) {
    return new ManifestContent(version, files, jobs, edited(pendingUploads, map -> map.remove(sha256)), pendingJobs);
  }

  /** Records a job, which ends the pending creation with the same fingerprint. */
  ManifestContent withJob(JobRecord job) {
    return new ManifestContent(version, files, edited(jobs, map -> map.put(job.jobId(), job)), pendingUploads,
        edited(pendingJobs, map -> map.remove(job.fingerprint())));
  }

  ManifestContent withPendingJob(PendingJob pending) {
    return new ManifestContent(version, files, jobs, pendingUploads,
        edited(pendingJobs, map -> map.put(pending.fingerprint(), pending)));
  }

  ManifestContent withoutPendingJob(String fingerprint) {
    return new ManifestContent(version, files, jobs, pendingUploads, edited(pendingJobs, map -> map.remove(fingerprint)));
  }

  private static <V> Map<String, V> edited(Map<String, V> current, Consumer<Map<String, V>> edit) {
    Map<String, V> copy = new HashMap<>(current);
    edit.accept(copy);
    return copy;
  }
}
