package org.emodu.intervention.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Token prices by model: entries whose model pattern is an exact name or a glob with {@code *} for
 * any characters (so {@code ft:gpt-4o-mini*} prices every fine-tune of that base), tried in the
 * order given, then a price for every other model if there is one. Immutable.
 */
public final class PriceTable {

  private static final PriceTable NONE = new PriceTable(List.of(), Optional.empty());

  /** The day {@link #openAi()}'s prices were taken from {@link #OPENAI_PRICES_SOURCE}. */
  public static final String OPENAI_PRICES_DATE = "2026-12-02";

  /** Where {@link #openAi()}'s prices come from. */
  public static final String OPENAI_PRICES_SOURCE = "https://openai.com/api/pricing/";

  /** How reports name {@link #openAi()}'s prices: the source and the day they were taken. */
  public static final String OPENAI_PRICES_DESCRIPTION = "OpenAI's price list as of " + OPENAI_PRICES_DATE + " ("
      + OPENAI_PRICES_SOURCE + "; check it before citing): gpt-3.5-turbo 0.50/1.50, ft:gpt-3.5-turbo* 3.00/6.00,"
      + " gpt-4o-mini 0.15/0.60, ft:gpt-4o-mini* 0.30/1.20 USD per million input/output tokens";

  private final List<Entry> entries;
  private final Optional<TokenPrices> otherwise;

  private record Entry(String pattern, Pattern compiled, TokenPrices prices) {}

  private PriceTable(List<Entry> entries, Optional<TokenPrices> otherwise) {
    this.entries = List.copyOf(entries);
    this.otherwise = otherwise;
  }

  /** No prices: usage is counted, cost is not. */
  public static PriceTable none() {
    return NONE;
  }

  /**
   * The prices of the models the study uses, base and fine-tuned, as OpenAI's price page listed them
   * on {@link #OPENAI_PRICES_DATE}: a fine-tuned model ({@code ft:BASE:...}) is priced as a
   * fine-tune of its base, which costs more per token than the base itself. Prices change; check
   * them against {@link #OPENAI_PRICES_SOURCE} and give your own with {@link #with(String)} (entries
   * added later are tried after these, so put yours first with {@link #followedBy(PriceTable)}).
   */
  public static PriceTable openAi() {
    return NONE
        .with("ft:gpt-3.5-turbo*", new TokenPrices(3.00, 6.00))
        .with("gpt-3.5-turbo", new TokenPrices(0.50, 1.50))
        .with("gpt-3.5-turbo-0125", new TokenPrices(0.50, 1.50))
        .with("ft:gpt-4o-mini*", new TokenPrices(0.30, 1.20))
        .with("gpt-4o-mini", new TokenPrices(0.15, 0.60))
        .with("gpt-4o-mini-2024-07-18", new TokenPrices(0.15, 0.60));
  }

  /**
   * This table's entries, then {@code later}'s, then this table's price for every other model (or
   * {@code later}'s when this one has none).
   */
  public PriceTable followedBy(PriceTable later) {
    List<Entry> all = new ArrayList<>(entries);
    all.addAll(later.entries);
    return new PriceTable(all, otherwise.isPresent() ? otherwise : later.otherwise);
  }

  /** One price for every model. */
  public static PriceTable of(TokenPrices everyModel) {
    return new PriceTable(List.of(), Optional.of(everyModel));
  }

  /** This table with a price for the models matching {@code modelPattern}, tried after those before it. */
  public PriceTable with(String modelPattern, TokenPrices prices) {
    if (modelPattern == null || modelPattern.isBlank()) {
      throw new IllegalArgumentException("a model pattern cannot be blank");
    }
    Objects.requireNonNull(prices, "prices");
    List<Entry> more = new ArrayList<>(entries);
    more.add(new Entry(modelPattern.strip(), glob(modelPattern.strip()), prices));
    return new PriceTable(more, otherwise);
  }

  /**
   * This table with {@code MODEL=INPUT,OUTPUT} added, as given on a command line: a model name or
   * pattern, then dollars per million prompt and completion tokens, e.g.
   * {@code gpt-4o-mini=0.15,0.60}.
   *
   * @throws IllegalArgumentException naming the entry and the expected form
   */
  public PriceTable with(String entry) {
    int equals = entry.lastIndexOf('=');
    String[] prices = equals < 0 ? new String[0] : entry.substring(equals + 1).split(",", -1);
    if (equals <= 0 || prices.length != 2) {
      throw new IllegalArgumentException("the price '" + entry + "' is not understood; write MODEL=INPUT,OUTPUT in"
          + " dollars per million tokens, e.g. gpt-4o-mini=0.15,0.60 (MODEL may use * as a wildcard)");
    }
    try {
      return with(entry.substring(0, equals), new TokenPrices(Double.parseDouble(prices[0].strip()),
          Double.parseDouble(prices[1].strip())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the price '" + entry + "' is not understood: " + e.getMessage()
          + "; write MODEL=INPUT,OUTPUT in dollars per million tokens, e.g. gpt-4o-mini=0.15,0.60", e);
    }
  }

  /** The prices of a model: the first entry that matches it, else the price for every model. */
  public Optional<TokenPrices> pricesFor(String model) {
    for (Entry entry : entries) {
      if (entry.compiled().matcher(model).matches()) {
        return Optional.of(entry.prices());
      }
    }
    return otherwise;
  }

  /** Whether the table prices no model at all. */
  public boolean isEmpty() {
    return entries.isEmpty() && otherwise.isEmpty();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("PriceTable[");
    for (Entry entry : entries) {
      text.append(entry.pattern()).append('=').append(entry.prices()).append(", ");
    }
    return text.append("otherwise=").append(otherwise.map(Object::toString).orElse("none")).append(']').toString();
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String literal : pattern.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(literal));
    }
    return Pattern.compile(regex.toString());
  }
}
