package org.emodu.intervention.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.emodu.intervention.core.internal.io.UntrustedText;

/**
 * Lenient lookup of an enum by its English name, Indonesian name or alias, in any case and with
 * spaces, hyphens and underscores treated alike, so that {@code "Bosan"}, {@code "BORED"} and
 * {@code " bored "} all name the same value.
 */
final class Labels<E extends Enum<E> & Labelled> {

  private static final Pattern SEPARATORS = Pattern.compile("[\\s_-]+");

  private final String field;
  private final E[] values;
  private final Map<String, E> byKey = new LinkedHashMap<>();

  Labels(String field, E[] values) {
    this.field = field;
    this.values = values.clone();
    for (E value : values) {
      byKey.put(key(value.label()), value);
      byKey.put(key(value.indonesian()), value);
      byKey.put(key(value.name()), value);
      for (String alias : value.aliases()) {
        byKey.put(key(alias), value);
      }
    }
  }

  Optional<E> find(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(byKey.get(key(text)));
  }

  /** Parses {@code text} or throws an {@link InvalidRequestException} naming the field. */
  E parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException(field, field + " is missing; use one of: " + choices());
    }
    return find(text).orElseThrow(() -> new InvalidRequestException(field, unknown(text)));
  }

  String unknown(String text) {
    return field + " '" + UntrustedText.printable(text, 40) + "' is not recognised; use one of: " + choices();
  }

  /** The accepted values as {@code english (indonesian)}, comma separated. */
  String choices() {
    return java.util.Arrays.stream(values)
        .map(value -> value.label() + " (" + value.indonesian() + ")")
        .collect(Collectors.joining(", "));
  }

  /** Every accepted spelling of {@code value}, English first. */
  static List<String> spellings(Labelled value) {
    List<String> all = new ArrayList<>();
    all.add(value.label());
    all.add(value.indonesian());
    all.addAll(value.aliases());
    return List.copyOf(all);
  }

  private static String key(String text) {
    // A compiled pattern: String.replaceAll would compile it again for every field of every request.
    return SEPARATORS.matcher(text.strip().toLowerCase(Locale.ROOT)).replaceAll(" ");
  }
}
