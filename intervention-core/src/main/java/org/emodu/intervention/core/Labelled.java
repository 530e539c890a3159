package org.emodu.intervention.core;

import java.util.List;

/** A closed set of values that callers may name in English or Indonesian. */
public interface Labelled {

  /** The value's names. */
  Names names();

  /** The canonical English label, lower case, as written in prompts, files and JSON. */
  default String label() {
    return names().label();
  }

  /** The Indonesian name, accepted on input and shown in help texts. */
  default String indonesian() {
    return names().indonesian();
  }

  /** Further accepted spellings (synonyms, other inflections). */
  default List<String> aliases() {
    return names().aliases();
  }

  /**
   * The names of a {@link Labelled} value.
   *
   * @param label the canonical English label
   * @param indonesian the Indonesian name
   * @param aliases further accepted spellings
   */
  record Names(String label, String indonesian, List<String> aliases) {

    public Names {
      aliases = List.copyOf(aliases);
    }

    public static Names of(String label, String indonesian, String... aliases) {
      return new Names(label, indonesian, List.of(aliases));
    }
  }
}
