package org.emodu.intervention.evaluation;

import java.math.BigDecimal;
import java.util.List;

/** Writing RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled. */
final class Csv {

  private Csv() {}

  static String row(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(field(fields.get(i)));
    }
    return line.append("\r\n").toString();
  }

  static String field(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
        || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }

  /**
   * A number as its shortest exact decimal, never in exponent form (spreadsheets and readers alike
   * take {@code 0.00054} more kindly than {@code 5.4E-4}); NaN, an undefined figure, as an empty field.
   */
  static String number(double value) {
    return Double.isNaN(value) ? "" : BigDecimal.valueOf(value).toPlainString();
  }
}
