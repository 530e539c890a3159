package org.emodu.intervention.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One student's state in one class, as the store holds it (JSON, UTF-8): the current episode, when
 * they were last seen, when their cooldown ends, the last intervention's emotion and ARCS strategy
 * (for the rotation), short hashes of the texts they were shown this session, and the intervention
 * whose outcome is still open. Times are epoch milliseconds. Immutable; every change is a copy.
 *
 * @param format the layout's version, so that a later layout can read this one
 * @param episode the run of one emotion being observed; null before the first counted observation
 * @param lastSeenMs the latest counted observation's time; 0 before any
 * @param cooldownUntilMs no intervention before this time; 0 when none was given yet
 * @param lastEmotion the emotion of the latest intervention; null before any
 * @param lastArcs the ARCS strategy of the latest intervention; null before any
 * @param sent hashes of the texts shown this session, the newest last, at most {@value #MAX_SENT}
 * @param pending the latest intervention while its outcome is open; null otherwise
 * @param claim the decision generating this student's intervention now, so that others wait for it; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StudentState(
    int format,
    Episode episode,
    long lastSeenMs,
    long cooldownUntilMs,
    String lastEmotion,
    String lastArcs,
    List<String> sent,
    Pending pending,
    Claim claim) {

  static final int FORMAT = 1;

  /** How many texts a student's state remembers; far more than a session's interventions. */
  static final int MAX_SENT = 256;

  static final StudentState EMPTY = new StudentState(FORMAT, null, 0, 0, null, null, List.of(), null, null);

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  StudentState {
    sent = sent == null ? List.of() : List.copyOf(sent);
  }

  /**
   * A run of observations of one emotion, none further apart than the persistence time.
   *
   * @param emotion the emotion's label
   */
  record Episode(String emotion, long startMs, long lastMs) {}

  /**
   * An intervention whose outcome is open.
   *
   * @param seenAgain whether the emotion intervened on was seen again since
   */
  record Pending(String requestId, String emotion, String reinforcement, String arcs, long atMs, boolean seenAgain) {}

  /**
   * A decision's hold on generating this student's intervention, until {@code untilMs}: past it (a
   * generator that never answered, a server that went away) the hold lapses.
   *
   * @param token the holding decision's own random token
   */
  record Claim(String token, long untilMs) {}

  StudentState withEpisode(Episode episode, long lastSeenMs) {
    return new StudentState(format, episode, lastSeenMs, cooldownUntilMs, lastEmotion, lastArcs, sent, pending, claim);
  }

  StudentState withPending(Pending pending) {
    return new StudentState(format, episode, lastSeenMs, cooldownUntilMs, lastEmotion, lastArcs, sent, pending, claim);
  }

  StudentState withClaim(Claim claim) {
    return new StudentState(format, episode, lastSeenMs, cooldownUntilMs, lastEmotion, lastArcs, sent, pending, claim);
  }

  /** This state after an intervention with this text. */
  StudentState intervened(long cooldownUntilMs, String emotion, String arcs, String text, Pending pending) {
    List<String> more = new ArrayList<>(sent);
    more.add(hash(text));
    if (more.size() > MAX_SENT) {
      more = more.subList(more.size() - MAX_SENT, more.size());
    }
    return new StudentState(format, episode, lastSeenMs, cooldownUntilMs, emotion, arcs, more, pending, null);
  }

  /** Whether this student was shown this text in this session. */
  boolean hasSeen(String text) {
    return sent.contains(hash(text));
  }

  byte[] toBytes() {
    try {
      return MAPPER.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a student's state", e);
    }
  }

  /**
   * The state these bytes hold.
   *
   * @throws IOException when they are not a state this version can read
   */
  static StudentState fromBytes(byte[] bytes) throws IOException {
    StudentState state = MAPPER.readValue(bytes, StudentState.class);
    if (state == null || state.format() != FORMAT) {
      throw new IOException("not a student state of format " + FORMAT);
    }
    return state;
  }

  /**
   * A short hash of a text, whitespace collapsed: 64 bits of SHA-256, enough to tell a session's
   * few texts apart, and no student text in the store.
   */
  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(text.strip().replaceAll("\\s+", " ").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
