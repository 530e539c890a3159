package org.emodu.intervention.core;

import java.util.List;

/** A closed set of values that callers may name in English or Indonesian. */
public interface Labelled {

  /** The canonical English label, lower case, as written in prompts, files and JSON. */
  String label();

  /** The Indonesian name, accepted on input and shown in help texts. */
  String indonesian();

  /** Further accepted spellings (synonyms, other inflections). */
  List<String> aliases();
}
