package org.emodu.intervention.live;

import java.nio.charset.StandardCharsets;

/**
 * The keys the policy's state lives under: {@code intervensi:student:<classId>:<studentId>} and
 * {@code intervensi:class:<classId>}. Ids are percent-encoded (every byte of their UTF-8 outside
 * {@code A-Z a-z 0-9 . _ -} becomes {@code %XX}), so that an id holding a colon, a space or a
 * wildcard cannot reach another class's keys or a pattern; ids are bounded in length by
 * {@link Observation}, so keys are too.
 */
public final class PolicyKeys {

  /** What every key of the policy starts with. */
  public static final String PREFIX = "intervensi:";

  private PolicyKeys() {}

  /** The key of one student's state in one class. */
  public static String student(String classId, String studentId) {
    return PREFIX + "student:" + escape(classId) + ":" + escape(studentId);
  }

  /** The key of a class's budget of interventions. */
  public static String classBudget(String classId) {
    return PREFIX + "class:" + escape(classId);
  }

  /** An id as it appears in a key. */
  static String escape(String id) {
    StringBuilder escaped = new StringBuilder(id.length());
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
          || c == '-') {
        escaped.append((char) c);
      } else {
        escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return escaped.toString();
  }
}
