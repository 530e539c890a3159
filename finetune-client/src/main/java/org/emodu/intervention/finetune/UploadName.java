package org.emodu.intervention.finetune;

/**
 * The name a file goes up under: its own name with the first {@value #HASH_DIGITS} hex digits of the
 * SHA-256 of its content before the extension ({@code train.jsonl} becomes
 * {@code train.sha256-490338baa344ea17.jsonl}). The server keeps the name, and the API offers no way
 * to read a fine-tuning file back, so the name is what proves, after an answer was lost, that a file
 * on the server holds this content and not someone else's file of the same name and size.
 */
final class UploadName {

  static final int HASH_DIGITS = 16;

  private UploadName() {}

  static String of(String fileName, String sha256) {
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
    String tag = "sha256-" + sha256.substring(0, HASH_DIGITS);
    int dot = fileName.lastIndexOf('.');
    if (dot <= 0) {
      return fileName + "." + tag;
    }
    return fileName.substring(0, dot) + "." + tag + fileName.substring(dot);
  }
}
