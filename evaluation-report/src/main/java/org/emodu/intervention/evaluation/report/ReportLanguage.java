package org.emodu.intervention.evaluation.report;

import java.util.Locale;

/**
 * The language of a report's headings, captions and chart labels: English (the default) or
 * Indonesian, for a thesis written in Indonesian. Figures are written the same way in both
 * (a decimal point, as the tables' CSV twins need).
 */
public enum ReportLanguage {
  ENGLISH("en"),
  INDONESIAN("id");

  private final String code;

  ReportLanguage(String code) {
    this.code = code;
  }

  /** The ISO 639-1 code: {@code en} or {@code id}. */
  public String code() {
    return code;
  }

  /**
   * The language of an ISO 639-1 code, any case.
   *
   * @throws IllegalArgumentException naming the code and the accepted ones
   */
  public static ReportLanguage of(String code) {
    String wanted = code == null ? "" : code.strip().toLowerCase(Locale.ROOT);
    for (ReportLanguage language : values()) {
      if (language.code.equals(wanted)) {
        return language;
      }
    }
    throw new IllegalArgumentException("the report language '" + code + "' is not known; use en (English) or id"
        + " (Indonesian)");
  }

  /** The text in this language. */
  String pick(String english, String indonesian) {
    return this == INDONESIAN ? indonesian : english;
  }

  /** How a profile is called in headings and legends. */
  String profile(String name) {
    if (this == ENGLISH) {
      return name;
    }
    return switch (name) {
      case "base" -> "Profil dasar";
      case "finetuned" -> "Profil fine-tuned";
      case "offline" -> "Profil luring";
      default -> "Profil " + name;
    };
  }
}
