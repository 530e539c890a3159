package org.emodu.intervention.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.emodu.intervention.evaluation.PriceTable;
import org.emodu.intervention.evaluation.TokenPrices;
import picocli.CommandLine.Option;

/** The price options the commands that compute cost share: one price for every model, or per model. */
final class PriceOptions {

  @Option(names = "--input-price", paramLabel = "USD",
      description = "Dollars per million prompt tokens for every model without a --price of its own.")
  private Double inputPrice;

  @Option(names = "--output-price", paramLabel = "USD",
      description = "Dollars per million completion tokens for every model without a --price of its own.")
  private Double outputPrice;

  @Option(names = "--price", paramLabel = "MODEL=INPUT,OUTPUT",
      description = "Dollars per million prompt and completion tokens of the models matching MODEL (* matches"
          + " anything), e.g. gpt-4o-mini=0.15,0.60. May be repeated; the first match wins.")
  private List<String> prices = List.of();

  @Option(names = "--openai-prices",
      description = "Price the study's models by the toolkit's list of OpenAI prices (taken from openai.com/api/pricing"
          + " on the date the report names; check them): gpt-3.5-turbo and gpt-4o-mini, their fine-tunes (ft:...) at"
          + " the higher fine-tuned rates. --price entries are tried first.")
  private boolean openAiPrices;

  /** The prices given, or none. */
  PriceTable table() {
    if ((inputPrice == null) != (outputPrice == null)) {
      throw new IllegalArgumentException("give both --input-price and --output-price, or neither");
    }
    PriceTable table = inputPrice == null ? PriceTable.none() : PriceTable.of(new TokenPrices(inputPrice, outputPrice));
    for (String entry : prices) {
      table = table.with(entry);
    }
    return openAiPrices ? table.followedBy(PriceTable.openAi()) : table;
  }

  /** The prices as given, for a report's setup. */
  String description() {
    List<String> parts = new ArrayList<>(prices);
    if (openAiPrices) {
      parts.add(PriceTable.OPENAI_PRICES_DESCRIPTION);
    }
    if (inputPrice != null) {
      parts.add(String.format(Locale.ROOT, "every other model: %s prompt, %s completion", inputPrice, outputPrice));
    }
    return String.join("; ", parts);
  }
}
