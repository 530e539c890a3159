package org.emodu.intervention.finetune;

import com.openai.client.OpenAIClient;
import com.openai.core.MultipartField;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.io.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uploads of {@link FineTuneClient}: each training or validation file is checked locally, sent
 * once per content under a name that carries its hash, recorded in the {@link JobManifest}, and
 * waited for until the server has processed it. An upload whose answer was lost is found on the
 * server by that name rather than sent again.
 */
final class Uploads {

  static final String PURPOSE = "fine-tune";
  private static final Duration PROCESSING_FIRST_WAIT = Duration.ofSeconds(1);
  private static final Duration PROCESSING_LONGEST_WAIT = Duration.ofSeconds(10);
  /** What a server without {@code GET /files} answers there: not found, method not allowed, not implemented. */
  private static final Set<Integer> FILES_NOT_LISTED = Set.of(404, 405, 501);
  private static final Logger log = LoggerFactory.getLogger(Uploads.class);

  private final OpenAIClient client;
  private final ApiCalls calls;
  private final JobManifest manifest;
  private final TrainingFileCheck check;
  private final Clock clock;
  private final Duration processingTimeout;

  Uploads(OpenAIClient client, ApiCalls calls, JobManifest manifest, TrainingFileCheck check, Clock clock,
      Duration processingTimeout) {
    this.client = client;
    this.calls = calls;
    this.manifest = manifest;
    this.check = check;
    this.clock = clock;
    this.processingTimeout = processingTimeout;
  }

  /** See {@link FineTuneClient#upload}. */
  Upload upload(Path file) {
    List<String> problems = check.problems(file);
    if (!problems.isEmpty()) {
      throw new InvalidTrainingFileException(file, problems);
    }
    String sha256 = Sha256.of(file);
    long bytes = size(file);
    String name = file.getFileName().toString();
    String uploadName = UploadName.of(name, sha256);
    Upload.Outcome outcome = Upload.Outcome.UPLOADED;

    Optional<UploadedFile> known = manifest.upload(sha256);
    if (known.isPresent()) {
      Optional<FileObject> remote = retrieveFile(known.get().fileId());
      if (remote.isPresent()) {
        log.info("{} already uploaded as {}", name, known.get().fileId());
        awaitProcessed(remote.get(), sha256, name);
        return new Upload(known.get().fileId(), file, sha256, bytes, Upload.Outcome.REUSED);
      }
      log.warn("{} was uploaded as {}, which the server no longer has; uploading again", name, known.get().fileId());
      manifest.update(content -> content.withoutFile(sha256));
      outcome = Upload.Outcome.REPLACED;
    }

    PendingUpload earlier = manifest.read().pendingUploads().get(sha256);
    if (earlier != null) {
      try {
        Optional<FileObject> landed = findUpload(earlier);
        if (landed.isPresent()) {
          recordUpload(sha256, landed.get().id(), name, bytes);
          awaitProcessed(landed.get(), sha256, name);
          return new Upload(landed.get().id(), file, sha256, bytes, Upload.Outcome.RECOVERED);
        }
        log.warn("an earlier upload of {} was cut off and no file on the server is provably it; uploading it anew", name);
        outcome = Upload.Outcome.RESENT;
      } catch (UnverifiableUploadException e) {
        log.warn("an earlier upload of {} was cut off and the server does not list its files; uploading it anew", name);
        outcome = Upload.Outcome.RESENT_UNCHECKED;
      }
    }

    PendingUpload pending = new PendingUpload(sha256, name, bytes, clock.instant(), Optional.of(uploadName));
    manifest.update(content -> content.withPendingUpload(pending));
    FileObject created;
    try {
      created = calls.paid("upload " + name, () -> send(file, uploadName), () -> findUpload(pending),
          "; no file on the server is provably this upload yet, and it was not sent again: a file that took that"
              + " long to send once usually does again, and the server may still be taking it in. The attempt stays"
              + " recorded in " + manifest.file() + ": raise " + Settings.TIMEOUT_MS + " (the whole upload of " + bytes
              + " bytes must fit in it) and run the same command again; it looks for this upload first and sends the"
              + " file only if it did not arrive");
    } catch (ModelException e) {
      if (ApiCalls.refused(e)) {
        manifest.update(content -> content.withoutPendingUpload(sha256));
      }
      throw e;
    }
    recordUpload(sha256, created.id(), name, bytes);
    log.info("uploaded {} as {} ({})", name, created.id(), uploadName);
    awaitProcessed(created, sha256, name);
    return new Upload(created.id(), file, sha256, bytes, outcome);
  }

  private Optional<FileObject> retrieveFile(String fileId) {
    String action = "check the uploaded file " + fileId;
    try {
      return Optional.of(calls.unpaid(action, () -> client.files().retrieve(fileId)));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (OpenAIException e) {
      throw calls.failure(e, action, 0);
    }
  }

  /** Sends the file under {@code uploadName}, from a stream opened for this attempt (the one before used its stream up). */
  private FileObject send(Path file, String uploadName) {
    try (InputStream content = Files.newInputStream(file)) {
      return client.files().create(FileCreateParams.builder()
          .file(MultipartField.<InputStream>builder().value(content).filename(uploadName).build())
          .purpose(FilePurpose.FINE_TUNE)
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * An upload that reached the server although its answer did not reach us. Only a file whose content is
   * provably this one is taken: it has the name the attempt was sent under, which carries the content's
   * hash ({@link UploadName}), the same size, a creation time since the attempt began, and no record in
   * the manifest. A file that merely shares the name and size may be anyone's, so an attempt sent under
   * the bare name (by an earlier version) is never matched.
   *
   * @throws UnverifiableUploadException when the server does not list files, so there is no way to tell
   */
  private Optional<FileObject> findUpload(PendingUpload pending) {
    String expected = UploadName.of(pending.fileName(), pending.sha256());
    if (!pending.uploadName().map(expected::equals).orElse(false)) {
      return Optional.empty();
    }
    Set<String> recorded = new HashSet<>();
    manifest.read().files().values().forEach(file -> recorded.add(file.fileId()));
    FileListParams params = FileListParams.builder()
        .purpose(PURPOSE)
        .order(FileListParams.Order.DESC)
        .limit(100L)
        .build();
    Instant notBefore = pending.startedAt().minus(ApiCalls.CLOCK_SLACK);
    String action = "look for an earlier upload of " + pending.fileName();
    List<FileObject> files;
    try {
      files = calls.unpaid(action, () -> client.files().list(params)).data();
    } catch (OpenAIServiceException e) {
      if (FILES_NOT_LISTED.contains(e.statusCode())) {
        throw new UnverifiableUploadException(calls.host() + " does not list uploaded files (GET /files answered HTTP "
            + e.statusCode() + "), so whether it arrived cannot be checked; the attempt stays recorded in " + manifest.file()
            + ", and running the same command again uploads " + pending.fileName() + " anew (if this attempt did arrive,"
            + " the server keeps it as a spare copy named " + expected + " that you may delete)");
      }
      throw calls.failure(e, action, 0);
    } catch (OpenAIException e) {
      throw calls.failure(e, action, 0);
    }
    return files.stream()
        .filter(file -> !recorded.contains(file.id()))
        .filter(file -> file.filename().equals(expected) && file.bytes() == pending.bytes())
        .filter(file -> !Instant.ofEpochSecond(file.createdAt()).isBefore(notBefore))
        .findFirst();
  }

  private void recordUpload(String sha256, String fileId, String name, long bytes) {
    manifest.update(content -> content.withFile(new UploadedFile(sha256, fileId, name, bytes, clock.instant())));
  }

  // The API now marks a file's status deprecated (its files are processed at once), but compatible
  // servers and Azure still report uploads in progress, and a file must be processed before a job uses it.
  @SuppressWarnings("deprecation")
  private void awaitProcessed(FileObject uploaded, String sha256, String name) {
    Instant deadline = clock.instant().plus(processingTimeout);
    Duration wait = PROCESSING_FIRST_WAIT;
    FileObject file = uploaded;
    while (true) {
      String status = file._status().asKnown().map(FileObject.Status::asString).orElse("processed");
      if (status.equals("processed")) {
        return;
      }
      if (status.equals("error")) {
        // The server will never accept this upload; forget it so a corrected file is sent afresh.
        manifest.update(content -> content.withoutFile(sha256));
        throw new ModelException(ModelException.Kind.BAD_REQUEST, 0, calls.host() + " could not process "
            + name + " (" + UntrustedText.printable(file.id(), 60) + "): "
            + file.statusDetails().map(details -> UntrustedText.printable(details, 400)).orElse("no details given"), null);
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new FineTuneException(name + " was uploaded as " + file.id() + " but the server has not processed"
            + " it after " + Durations.words(processingTimeout) + "; run the same command later to go on without"
            + " uploading it again");
      }
      calls.sleep(wait);
      wait = wait.multipliedBy(2).compareTo(PROCESSING_LONGEST_WAIT) > 0 ? PROCESSING_LONGEST_WAIT : wait.multipliedBy(2);
      String fileId = file.id();
      file = calls.read("check the processing of " + fileId, () -> client.files().retrieve(fileId));
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
