package org.emodu.intervention.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import org.emodu.intervention.core.chat.TokenUsage;
import org.junit.jupiter.api.Test;

class PriceTableTest {

  @Test
  void openAisListPricesAFineTunedModelAboveItsBase() {
    PriceTable prices = PriceTable.openAi();

    assertThat(prices.pricesFor("gpt-3.5-turbo")).contains(new TokenPrices(0.50, 1.50));
    assertThat(prices.pricesFor("ft:gpt-3.5-turbo-0125:emodu::abc123")).contains(new TokenPrices(3.00, 6.00));
    assertThat(prices.pricesFor("gpt-4o-mini-2024-07-18")).contains(new TokenPrices(0.15, 0.60));
    assertThat(prices.pricesFor("ft:gpt-4o-mini-2024-07-18:emodu::abc123")).contains(new TokenPrices(0.30, 1.20));
    assertThat(prices.pricesFor("gpt-4o")).isEmpty();
    assertThat(PriceTable.OPENAI_PRICES_DESCRIPTION).contains(PriceTable.OPENAI_PRICES_DATE)
        .contains(PriceTable.OPENAI_PRICES_SOURCE);
  }

  @Test
  void entriesGivenFirstWinOverTheListAndTheFallbackComesLast() {
    PriceTable prices = PriceTable.of(new TokenPrices(9, 9)).with("ft:gpt-3.5-turbo*=2.00,4.00")
        .followedBy(PriceTable.openAi());

    assertThat(prices.pricesFor("ft:gpt-3.5-turbo:x::y")).contains(new TokenPrices(2.00, 4.00));
    assertThat(prices.pricesFor("gpt-3.5-turbo")).contains(new TokenPrices(0.50, 1.50));
    assertThat(prices.pricesFor("llama3")).contains(new TokenPrices(9, 9));
  }

  @Test
  void pricesTheFirstMatchingPatternThenEveryOtherModel() {
    PriceTable prices = PriceTable.of(new TokenPrices(0.5, 1.5))
        .with("ft:gpt-4o-mini*=0.30,1.20")
        .with("gpt-4o-mini=0.15,0.60");

    assertThat(prices.pricesFor("ft:gpt-4o-mini-2024-07-18:emodu::abc123")).contains(new TokenPrices(0.30, 1.20));
    assertThat(prices.pricesFor("gpt-4o-mini")).contains(new TokenPrices(0.15, 0.60));
    assertThat(prices.pricesFor("gpt-3.5-turbo")).contains(new TokenPrices(0.5, 1.5));
    assertThat(PriceTable.none().pricesFor("gpt-4o-mini")).isEmpty();
  }

  @Test
  void costsPromptAndCompletionTokensAtTheirPricesPerMillion() {
    TokenPrices prices = new TokenPrices(0.15, 0.60);

    assertThat(prices.cost(new TokenUsage(1000, 50, 1050))).isCloseTo(0.00015 + 0.00003, within(1e-15));
  }

  @Test
  void rejectsPricesItCannotReadNamingTheForm() {
    for (String entry : new String[] {"gpt-4o-mini", "=0.1,0.2", "gpt-4o-mini=0.1", "gpt-4o-mini=a,b", "m=-1,2"}) {
      assertThatThrownBy(() -> PriceTable.none().with(entry))
          .as(entry)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("MODEL=INPUT,OUTPUT");
    }
  }

  @Property(tries = 200)
  void readsBackAnyPriceEntryItIsGiven(@ForAll("models") String model,
      @ForAll @DoubleRange(min = 0, max = 1000) double input, @ForAll @DoubleRange(min = 0, max = 1000) double output) {
    String entry = model + "=" + String.format(Locale.ROOT, "%s,%s", input, output);

    assertThat(PriceTable.none().with(entry).pricesFor(model)).contains(new TokenPrices(input, output));
  }

  @Provide
  Arbitrary<String> models() {
    return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-.:_").ofMinLength(1).ofMaxLength(40);
  }
}
